//! Province GDP as each provincial government work report states it (2012–2023), with the
//! sentence. Some years give only a bound ("突破 5 万亿元", "超过 4 万亿元"): a bound is kept
//! as a bound and never drawn or summed as a value; a year whose report gives only a growth
//! rate has no row at all.

use super::error::DataError;
use super::table::for_each_row;

/// How a reported number is to be read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reading {
    /// The report states the value (usually a preliminary figure).
    Value,
    /// "突破", "超过": more than the number, by an unstated amount.
    LowerBound,
    /// "不到", "接近": less than the number.
    UpperBound,
}

/// One province-year as its work report states it.
#[derive(Clone, Debug, PartialEq)]
pub struct ReportedGdp {
    pub adcode: u32,
    pub year: i32,
    /// 亿元.
    pub number: f64,
    pub reading: Reading,
    /// "约": the report rounds.
    pub approx: bool,
    /// The report precedes the statistical communiqué (初步核算).
    pub preliminary: bool,
    /// Stated in a later year's report, looking back.
    pub later_report: bool,
    pub source: String,
    pub quote: String,
    /// 1-based line in the file.
    pub line: usize,
}

impl ReportedGdp {
    /// The value, only when the report states one: a bound has none.
    pub fn value(&self) -> Option<f64> {
        (self.reading == Reading::Value).then_some(self.number)
    }
}

pub fn parse(file: &str, text: &str) -> Result<Vec<ReportedGdp>, DataError> {
    let mut out = Vec::new();
    for_each_row(file, text, |row| {
        if row.text("level")? != "province" || row.text("indicator")? != "GDP" {
            return Ok(());
        }
        if row.text("unit")? != "亿元" {
            return Err(row.error("unit", "only 亿元 is read"));
        }
        let year_text = row.required("year")?;
        let year: i32 = year_text
            .parse()
            .map_err(|_| row.error("year", format!("not a year: '{year_text}'")))?;
        let qualifier = row.text("qualifier")?;
        let flags: Vec<&str> = qualifier.split(';').map(str::trim).collect();
        let reading = if flags.contains(&"bound") {
            if flags.contains(&"upper") {
                Reading::UpperBound
            } else {
                Reading::LowerBound
            }
        } else {
            Reading::Value
        };
        out.push(ReportedGdp {
            adcode: row.adcode("adcode")?,
            year,
            number: row.number("value")?,
            reading,
            approx: flags.contains(&"approx"),
            preliminary: flags.contains(&"preliminary"),
            later_report: flags.contains(&"later report"),
            source: row.required("source")?.to_owned(),
            quote: row.required("quote")?.to_owned(),
            line: row.line,
        });
        Ok(())
    })?;
    out.sort_by_key(|r| (r.adcode, r.year));
    Ok(out)
}

/// A province's reported years, in order.
pub fn of_province(all: &[ReportedGdp], adcode: u32) -> impl Iterator<Item = &ReportedGdp> {
    all.iter().filter(move |r| r.adcode == adcode)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounds_are_read_as_bounds_and_have_no_value() {
        let (file, text) = crate::core::dataset::embedded::WORK_REPORTS;
        let all = parse(file, text).unwrap();
        assert_eq!(all.len(), 292);
        let count = |r: Reading| all.iter().filter(|x| x.reading == r).count();
        // The data's README: 243 values and the rest bounds (two of them upper bounds).
        assert_eq!(count(Reading::Value), 243);
        assert_eq!(count(Reading::LowerBound), 47);
        assert_eq!(count(Reading::UpperBound), 2);
        // 北京 2021: "超过4万亿元" is more than 40,000, not 40,000.
        let bj2021 = all
            .iter()
            .find(|r| r.adcode == 110000 && r.year == 2021)
            .unwrap();
        assert_eq!(bj2021.reading, Reading::LowerBound);
        assert_eq!(bj2021.value(), None);
        assert!(bj2021.quote.contains("超过4万亿元"));
        assert_eq!(bj2021.line, 6);
        let bj2012 = of_province(&all, 110000).next().unwrap();
        assert_eq!((bj2012.year, bj2012.value()), (2012, Some(17800.0)));
        assert!(bj2012.preliminary);
    }
}
