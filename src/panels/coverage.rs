//! Coverage: how many of the plan's 120 cities the dataset holds, by evidence tier and
//! province, and which provinces have none yet.

use egui::{RichText, Ui};

use crate::core::dataset::Dataset;
use crate::core::model::{EvidenceTier, NbsRegion};
use crate::core::settings::Lang;
use crate::core::summary::{Summary, summarize};
use crate::labels::tier_label;
use crate::state::{AtlasState, Command};

/// The summary, computed when the data is loaded and again when a city list is applied.
pub struct CoveragePanel {
    summary: Summary,
}

impl CoveragePanel {
    pub fn new(ds: &Dataset) -> Self {
        Self {
            summary: summarize(ds),
        }
    }

    pub fn show(&self, ui: &mut Ui, state: &AtlasState, commands: &mut Vec<Command>) {
        let lang = state.lang();
        let cov = &self.summary.coverage;
        ui.heading(lang.pick("数据覆盖", "Coverage"));
        ui.label(format!(
            "{} {} / {} ({} {})",
            lang.pick("已找到的老工业城市：", "Old industrial cities found:"),
            cov.sourced_total,
            cov.plan_total,
            cov.confirmed_total,
            lang.pick("个已确认", "confirmed")
        ));
        for tier in EvidenceTier::ALL {
            let n = self
                .summary
                .cities_by_evidence
                .get(tier.key())
                .copied()
                .unwrap_or(0);
            ui.label(format!("  {}: {n}", tier_label(tier, lang)));
        }
        ui.label(format!(
            "{} {} / {} · {} {} / {}",
            lang.pick("地级：", "Prefecture-level:"),
            cov.sourced_prefecture,
            cov.plan_prefecture,
            lang.pick("直辖市/计划单列/省会：", "Major cities:"),
            cov.sourced_major,
            cov.plan_major
        ));
        if let Some(ne) = cov.article_northeast {
            ui.label(format!(
                "{} {} ({} {})",
                lang.pick("东北：", "Northeast:"),
                cov.sourced_northeast,
                lang.pick("文章称", "article states"),
                ne
            ));
        }
        ui.label(lang.pick("尚无城市的省份：", "Provinces with none yet:"));
        let names: Vec<String> = cov
            .provinces_without_cities
            .iter()
            .map(
                |zh| match state.ds.provinces.iter().find(|p| &p.name_zh == zh) {
                    Some(p) if !lang.is_zh() => p.name_en.clone(),
                    _ => zh.clone(),
                },
            )
            .collect();
        ui.label(RichText::new(names.join(lang.pick("、", ", "))).small());
        ui.label(
            RichText::new(lang.pick(
                "规划附件未能读取：其余城市尚待查证；“间接证据”和“被描述”两级的城市可能不在 120 个之列。",
                "The plan's annex could not be read: the remaining cities are still to be found; cities with indirect or described evidence may not be among the 120.",
            ))
            .small()
            .weak(),
        );
        egui::CollapsingHeader::new(lang.pick("按省份", "By province"))
            .show(ui, |ui| by_province(ui, state));
        city_list(ui, state, commands);
    }
}

/// Which list of cities is in use (built in, or the user's, replacing or extending it), and
/// what can be done: read a list, remove it, export the list in use.
fn city_list(ui: &mut Ui, state: &AtlasState, commands: &mut Vec<Command>) {
    use crate::core::city_list::ListMode;
    let lang = state.lang();
    let text = match (&state.settings.city_list, lang) {
        (None, _) => lang
            .pick(
                "城市名单：内置（geodata/reference/old_industrial_cities.csv）",
                "City list: built in (geodata/reference/old_industrial_cities.csv)",
            )
            .to_owned(),
        (Some(r), Lang::Zh) => format!(
            "城市名单：{}（{}内置名单，{}）",
            r.path,
            match r.mode {
                ListMode::Replace => "替换",
                ListMode::Extend => "扩展",
            },
            r.date
        ),
        (Some(r), Lang::En) => format!(
            "City list: {} ({} the built-in list, {})",
            r.path,
            match r.mode {
                ListMode::Replace => "replacing",
                ListMode::Extend => "extending",
            },
            r.date
        ),
    };
    ui.label(RichText::new(text).strong());
    ui.horizontal_wrapped(|ui| {
        if ui
            .button(lang.pick("读入城市名单…", "Read a city list…"))
            .clicked()
        {
            commands.push(Command::PreviewCityList(
                state
                    .settings
                    .city_list
                    .as_ref()
                    .map(|r| r.path.clone())
                    .unwrap_or_default(),
            ));
        }
        if state.settings.city_list.is_some()
            && ui
                .button(lang.pick("移除名单", "Remove the list"))
                .clicked()
        {
            commands.push(Command::RemoveCityList);
        }
        if ui
            .button(lang.pick("导出所用名单（CSV）", "Export the list in use (CSV)"))
            .clicked()
        {
            commands.push(Command::ExportCityList);
        }
    });
}

/// Cities per province and evidence tier.
fn by_province(ui: &mut Ui, state: &AtlasState) {
    let (ds, lang) = (&state.ds, state.lang());
    egui::Grid::new("coverage_by_province")
        .striped(true)
        .show(ui, |ui| {
            ui.strong(lang.pick("省份", "Province"));
            for t in EvidenceTier::ALL {
                ui.strong(tier_label(t, lang).split(['（', ' ']).next().unwrap_or(""));
            }
            ui.end_row();
            for p in ds
                .provinces
                .iter()
                .filter(|p| p.nbs_region != NbsRegion::NotGrouped)
            {
                ui.label(&p.name_zh);
                for t in EvidenceTier::ALL {
                    let n = ds
                        .cities
                        .iter()
                        .filter(|c| c.province_adcode == p.adcode && c.evidence == t)
                        .count();
                    if n == 0 {
                        ui.weak("·");
                    } else {
                        ui.label(n.to_string());
                    }
                }
                ui.end_row();
            }
        });
}
