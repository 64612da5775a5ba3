//! The numbers a prefecture map shows, as files: a CSV table (UTF-8 with BOM, so Excel reads
//! the Chinese) and a GeoJSON of the prefecture outlines with the value on each, both naming
//! the indicator, its year and basis, its unit and the rows each value comes from.

use serde_json::{Map, Value, json};

use super::dataset::Dataset;
use super::indicators::Indicator;
use super::settings::Lang;

/// One prefecture's row.
struct Row<'a> {
    adcode: u32,
    name_zh: &'a str,
    name_en: &'a str,
    province_zh: &'a str,
    value: Option<f64>,
    rows: Option<String>,
}

fn rows<'a>(ds: &'a Dataset, ind: &Indicator<'_>) -> Vec<Row<'a>> {
    ds.prefectures
        .iter()
        .map(|p| Row {
            adcode: p.adcode,
            name_zh: &p.name_zh,
            name_en: &p.name_en,
            province_zh: ds
                .province(p.province_adcode)
                .map_or("", |pr| pr.name_zh.as_str()),
            value: ind.prefecture_value(ds, p.adcode),
            rows: ind.value_line(ds, p.adcode),
        })
        .collect()
}

/// The map's values as CSV: one row per prefecture (no value: an empty cell, never 0).
pub fn values_csv(ds: &Dataset, ind: &Indicator<'_>, lang: Lang) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let name = ind.name_with_unit(lang);
    let header = match lang {
        Lang::Zh => [
            "adcode",
            "名称",
            "name_en",
            "省份",
            name.as_str(),
            "来源行",
            "来源",
        ],
        Lang::En => [
            "adcode",
            "name_zh",
            "name_en",
            "province",
            name.as_str(),
            "source rows",
            "source",
        ],
    };
    // Writing to a Vec cannot fail; a failure would only drop rows, never panic.
    w.write_record(header).ok();
    let source = ind.source(lang);
    for r in rows(ds, ind) {
        w.write_record([
            r.adcode.to_string().as_str(),
            r.name_zh,
            r.name_en,
            r.province_zh,
            r.value.map(|v| format!("{v}")).unwrap_or_default().as_str(),
            r.rows.as_deref().unwrap_or(""),
            source.as_str(),
        ])
        .ok();
    }
    let body = w
        .into_inner()
        .map(|b| String::from_utf8_lossy(&b).into_owned());
    format!("\u{feff}{}", body.unwrap_or_default())
}

/// The map's values as a GeoJSON FeatureCollection of the prefecture outlines (the
/// whole-country level of detail, coordinates to 4 decimals, about 10 m).
pub fn values_geojson(ds: &Dataset, ind: &Indicator<'_>, lang: Lang) -> String {
    let round = |v: f64| (v * 1e4).round() / 1e4;
    let features: Vec<Value> = rows(ds, ind)
        .into_iter()
        .zip(ds.prefectures.iter())
        .map(|(r, p)| {
            let polygons: Vec<Value> = p
                .shape_country
                .0
                .iter()
                .map(|poly| {
                    let ring = |ls: &geo::LineString<f64>| -> Value {
                        ls.0.iter()
                            .map(|c| json!([round(c.x), round(c.y)]))
                            .collect()
                    };
                    let mut rings = vec![ring(poly.exterior())];
                    rings.extend(poly.interiors().iter().map(ring));
                    Value::Array(rings)
                })
                .collect();
            let mut props = Map::new();
            props.insert("adcode".into(), json!(r.adcode));
            props.insert("name_zh".into(), json!(r.name_zh));
            props.insert("name_en".into(), json!(r.name_en));
            props.insert("province".into(), json!(r.province_zh));
            props.insert("value".into(), r.value.map_or(Value::Null, |v| json!(v)));
            props.insert("source_rows".into(), json!(r.rows));
            json!({
                "type": "Feature",
                "properties": props,
                "geometry": {"type": "MultiPolygon", "coordinates": polygons},
            })
        })
        .collect();
    let key = ind.key();
    let collection = json!({
        "type": "FeatureCollection",
        "indicator": key.id,
        "year": key.year,
        "name": ind.name(lang),
        "unit": ind.unit(lang),
        "source": ind.source(lang),
        "boundaries": super::dataset::boundary_credit(lang),
        "features": features,
    });
    collection.to_string()
}
