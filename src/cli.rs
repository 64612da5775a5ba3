//! Command line: `atlas` opens the window; `atlas data …` works without one.

/// `println!` for command output that a closed pipe (`atlas data summary | head`) stops
/// quietly rather than with a panic.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        writeln!(std::io::stdout().lock(), $($arg)*).ok();
    }};
}

pub mod analyse;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::core::check::check_path;
use crate::core::dataset::Dataset;
use crate::core::settings::{Lang, Layers, Theme};
use crate::core::summary::summarize;
use crate::core::validate::validate;

#[derive(Parser, Debug)]
#[command(
    name = "atlas",
    version,
    about = "老工业基地地图集 · Old Industrial Bases Atlas"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Interface language of the window: zh or en.
    #[arg(long, value_parser = parse_lang)]
    pub lang: Option<Lang>,
    /// Open the window on a lon/lat box: WEST,SOUTH,EAST,NORTH (e.g. 118.5,38.5,135,53.5 for the Northeast).
    #[arg(long, value_parser = parse_lonlat_box, allow_hyphen_values = true)]
    pub view: Option<[f64; 4]>,
    /// Start in classroom presentation mode (the built-in story), optionally at slide N (1-based).
    #[arg(long, num_args = 0..=1, default_missing_value = "1")]
    pub present: Option<usize>,
    /// Open the import preview for a CSV/XLSX table at start (nothing is applied until confirmed).
    #[arg(long)]
    pub import: Option<PathBuf>,
    /// Open a GeoJSON file as a layer (loads in the background; repeat for several).
    #[arg(long = "geojson", value_name = "FILE")]
    pub geojson: Vec<PathBuf>,
    /// Layers shown, comma-separated (`all`, or names like cities,heritage,zones).
    #[arg(long, value_parser = Layers::from_list)]
    pub layers: Option<Layers>,
}

/// `zh` or `en`.
pub fn parse_lang(text: &str) -> Result<Lang, String> {
    Lang::from_key(text).ok_or_else(|| format!("expected zh or en, got '{text}'"))
}

/// `light` or `dark`.
pub fn parse_theme(text: &str) -> Result<Theme, String> {
    Theme::from_key(text).ok_or_else(|| format!("expected light or dark, got '{text}'"))
}

/// Parses `WEST,SOUTH,EAST,NORTH` in degrees.
pub fn parse_lonlat_box(text: &str) -> Result<[f64; 4], String> {
    let v: Vec<f64> = text
        .split(',')
        .map(|s| {
            s.trim()
                .parse::<f64>()
                .map_err(|_| format!("not a number: '{s}'"))
        })
        .collect::<Result<_, _>>()?;
    let [w, s, e, n] = v[..] else {
        return Err(format!(
            "expected WEST,SOUTH,EAST,NORTH (4 numbers), got {}",
            v.len()
        ));
    };
    if !(-180.0..=180.0).contains(&w) || !(-180.0..=180.0).contains(&e) || w >= e {
        return Err(format!(
            "longitudes must be in -180..180 with WEST < EAST: {w}, {e}"
        ));
    }
    if !(-90.0..=90.0).contains(&s) || !(-90.0..=90.0).contains(&n) || s >= n {
        return Err(format!(
            "latitudes must be in -90..90 with SOUTH < NORTH: {s}, {n}"
        ));
    }
    Ok([w, s, e, n])
}

#[expect(
    clippy::large_enum_variant,
    reason = "parsed once per process; the size difference between variants does not matter"
)]
#[derive(Subcommand, Debug)]
pub enum Command {
    /// Inspect and check data.
    Data {
        #[command(subcommand)]
        command: DataCommand,
    },
    /// Spatial statistics: weights, Moran's I, LISA, Gi*, city concentration.
    #[command(alias = "analyze")]
    Analyse {
        #[command(subcommand)]
        command: analyse::AnalyseCommand,
    },
    /// Export the map or a chart as a PNG, headless (no window, no display).
    Export {
        /// map, a chart (regions, ranking, growth, heritage, article, spatial…), lisa, hotspots,
        /// density, moran, all, or story (one picture per slide).
        target: String,
        /// Output file (for one target).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Output directory (for `all`).
        #[arg(long)]
        out_dir: Option<PathBuf>,
        /// Pixels per point: 1, 2 or 3 (default 2; 1 for `animation`, whose GIF frames are
        /// stored whole).
        #[arg(long)]
        scale: Option<f32>,
        #[arg(long, value_parser = parse_lang, default_value = "zh")]
        lang: Lang,
        #[arg(long, value_parser = parse_theme, default_value = "light")]
        theme: Theme,
        /// Logical size WIDTHxHEIGHT in points (default 1600x1000; 1920x1080 for story slides).
        #[arg(long, value_parser = parse_size)]
        size: Option<(f32, f32)>,
        /// Story file for `export story` (default: the built-in story).
        #[arg(long)]
        story: Option<PathBuf>,
        /// Indicator for the choropleth: a province indicator (gdp2013, gdp2023, growth,
        /// population2020, cities, heritage) or a prefecture panel column (gdp,
        /// secondary_share, pop_hukou, …); `atlas data indicators` lists them.
        #[arg(long)]
        indicator: Option<String>,
        /// The year of an indicator with years (default: its latest).
        #[arg(long)]
        year: Option<i32>,
        /// A panel total per `person` (registered residents) or per `km2`.
        #[arg(long, value_name = "total|person|km2")]
        per: Option<String>,
        /// Show the change since this year (to --year), as --change.
        #[arg(long, value_name = "YEAR")]
        change_from: Option<i32>,
        /// `pct` (default), `abs` or `cagr` (annual growth rate).
        #[arg(long, value_name = "pct|abs|cagr")]
        change: Option<String>,
        /// `export animation`: the first and last year (default: all the indicator has).
        #[arg(long)]
        from: Option<i32>,
        #[arg(long)]
        to: Option<i32>,
        /// `export animation`: milliseconds each year stays on screen in the GIF.
        #[arg(long, default_value_t = crate::animation::DEFAULT_FRAME_MS)]
        frame_ms: u16,
        /// Import a CSV/XLSX indicator table and show its first indicator (instead of --indicator)
        /// in the map and the ranking chart, with its "imported from FILE on DATE" source.
        #[arg(long, value_name = "FILE")]
        import: Option<PathBuf>,
        /// Draw a GeoJSON file as a layer on the map (repeat for several).
        #[arg(long = "geojson", value_name = "FILE")]
        geojson: Vec<PathBuf>,
        /// Apply a city list (CSV/XLSX: adcode or name, optional level, district, evidence,
        /// quote, source) to the map, charts and exports.
        #[arg(long, value_name = "FILE")]
        city_list: Option<PathBuf>,
        /// Whether --city-list extends the built-in list (the default) or replaces it.
        #[arg(long, value_enum, default_value = "extend")]
        city_list_mode: ListModeArg,
        /// How GeoJSON polygons are filled: `single` (one colour), `area` (km² from the geometry)
        /// or the name of a numeric property; classes use the choropleth's method and palette.
        #[arg(
            long,
            value_name = "HOW",
            default_value = "single",
            alias = "geojson-colour"
        )]
        geojson_color: String,
        /// Map layers, comma-separated (see `atlas --help`).
        #[arg(long, value_parser = Layers::from_list)]
        layers: Option<Layers>,
        /// Map view WEST,SOUTH,EAST,NORTH.
        #[arg(long, value_parser = parse_lonlat_box, allow_hyphen_values = true)]
        view: Option<[f64; 4]>,
        #[arg(long)]
        no_title: bool,
        #[arg(long)]
        no_legend: bool,
        #[arg(long)]
        no_caption: bool,
        /// What draws the pixels: `cpu` (no GPU needed; the default) or `wgpu`.
        #[arg(long, value_enum, default_value = "cpu")]
        renderer: crate::export::Renderer,
        /// Compress the PNG as small as possible (slower) instead of fast.
        #[arg(long)]
        small: bool,
        /// png, svg or pdf (default: from the --out file's extension, else png).
        #[arg(long, value_enum)]
        format: Option<crate::export::Format>,
        /// `export story --format pdf --out FILE`: one page a slide (`slides`) or a printable
        /// handout, two slides an A4 page with lines for notes (`handout`).
        #[arg(long, value_enum, default_value = "slides")]
        pdf_layout: crate::handout::PdfLayout,
        /// `export lisa|hotspots|moran`: the spatial weights (queen, rook, knn:K, band:KM).
        #[arg(long, default_value = "queen", value_parser = analyse::parse_rule)]
        weights: crate::core::spatial::weights::Rule,
        /// `export lisa|hotspots|moran`: permutations for the pseudo p-values.
        #[arg(long, default_value_t = 999)]
        permutations: usize,
        /// `export lisa|hotspots|moran`: the permutations' seed.
        #[arg(long, default_value_t = 12345)]
        seed: u64,
    },
}

/// What `data check` reads a file as.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum CheckKind {
    Table,
    List,
    Group,
    Geojson,
}

/// `--city-list-mode`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ListModeArg {
    Extend,
    Replace,
}

impl From<ListModeArg> for crate::core::city_list::ListMode {
    fn from(m: ListModeArg) -> Self {
        match m {
            ListModeArg::Extend => Self::Extend,
            ListModeArg::Replace => Self::Replace,
        }
    }
}

#[derive(Subcommand, Debug)]
pub enum DataCommand {
    /// Counts of the embedded dataset and its coverage of the plan's 120 cities.
    Summary {
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Check a file: GeoJSON with the layer reader (exit 2 naming the feature and field of the
    /// first problem); a CSV, TSV or XLSX table with the import's reader, printing what an
    /// import would do (matched, unmatched with reasons, value problems; exit 2 only when
    /// nothing could be imported).
    Check {
        file: PathBuf,
        /// What the file is, instead of inferring it from its columns: `table` (an indicator
        /// table), `list` (a city list), `group` (a region group) or `geojson`.
        #[arg(long = "as", value_enum)]
        kind: Option<CheckKind>,
    },
    /// Every indicator the atlas can show: stable id (for `--indicator`), names in Chinese and
    /// English, unit, level, the years with values, and how it combines over units.
    Indicators {
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
}

/// Runs a `data` subcommand; returns the process exit code.
pub fn run_data(cmd: &DataCommand) -> ExitCode {
    match cmd {
        DataCommand::Indicators { json } => {
            let ds = match embedded() {
                Ok(ds) => ds,
                Err(code) => return code,
            };
            print_indicators(&crate::core::indicators::list_indicators(&ds), *json);
            ExitCode::SUCCESS
        }
        DataCommand::Summary { json } => {
            let ds = match embedded() {
                Ok(ds) => ds,
                Err(code) => return code,
            };
            let summary = summarize(&ds);
            let problems = validate(&ds);
            if *json {
                let mut v = serde_json::to_value(&summary).unwrap_or_default();
                if let Some(obj) = v.as_object_mut() {
                    obj.insert(
                        "validation_problems".into(),
                        problems
                            .iter()
                            .map(|p| p.what.clone())
                            .collect::<Vec<_>>()
                            .into(),
                    );
                }
                say!("{}", serde_json::to_string_pretty(&v).unwrap_or_default());
            } else {
                print_summary(&summary);
                say!("validation problems: {}", problems.len());
                for p in &problems {
                    say!("  {}", p.what);
                }
            }
            ExitCode::SUCCESS
        }
        DataCommand::Check { file, kind } => check_command(file, *kind),
    }
}

/// `atlas data check FILE [--as KIND]`: the kind from `--as`, else GeoJSON by extension, else
/// a table's columns decide (evidence, level or district columns: a city list; a group
/// column: a region group; otherwise an indicator table).
fn check_command(file: &std::path::Path, kind: Option<CheckKind>) -> ExitCode {
    let kind = kind.unwrap_or_else(|| infer_kind(file));
    match kind {
        CheckKind::Table => check_table_command(file),
        CheckKind::List => check_list_command(file),
        CheckKind::Group => check_group_command(file),
        CheckKind::Geojson => check_other(file),
    }
}

fn infer_kind(file: &std::path::Path) -> CheckKind {
    if !crate::core::check::is_table(file) {
        return CheckKind::Geojson;
    }
    match crate::core::import::read_table_path(file, None) {
        Ok(raw) if crate::core::city_list::looks_like_list(&raw) => CheckKind::List,
        Ok(raw)
            if raw
                .headers
                .iter()
                .any(|h| matches!(h.trim().to_lowercase().as_str(), "group" | "分组" | "组名")) =>
        {
            CheckKind::Group
        }
        _ => CheckKind::Table,
    }
}

/// `data check LIST`: what applying a city list would do; exit 2 when no row names a city.
fn check_list_command(file: &std::path::Path) -> ExitCode {
    use crate::core::city_list::{Change, preview_list};
    let ds = match embedded() {
        Ok(ds) => ds,
        Err(code) => return code,
    };
    let raw = match crate::core::import::read_table_path(file, None) {
        Ok(raw) => raw,
        Err(e) => {
            eprintln!("atlas: {}: {e}", file.display());
            return ExitCode::from(2);
        }
    };
    let p = preview_list(&ds, &raw);
    say!(
        "{}: a city list (cities in column '{}')",
        file.display(),
        p.key_column
    );
    say!(
        "  rows naming a city {} · added {} · tier changed {} · district filled {} · unchanged {} · not used {} · repeated {}",
        p.rows.len(),
        p.count(|c| *c == Change::Added),
        p.count(|c| matches!(c, Change::Tier(..))),
        p.count(|c| matches!(c, Change::DistrictFilled(_))),
        p.count(|c| *c == Change::Same),
        p.problems.len(),
        p.duplicates.len()
    );
    say!(
        "  built-in cities it does not name (dropped if it replaces the list): {}",
        p.not_in_list.len()
    );
    for x in &p.problems {
        say!(
            "  not used: line {}: '{}' — {}",
            x.line,
            x.text,
            x.reason_en
        );
    }
    for (line, first, conflict) in &p.duplicates {
        let what = if *conflict {
            ", with a conflicting tier"
        } else {
            ""
        };
        say!("  repeated: line {line}: the same city as line {first}{what}; line {first} is used");
    }
    if p.rows.is_empty() {
        eprintln!("atlas: {}: no row names a city", file.display());
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    }
}

/// `data check GROUP`: the group a file would make; exit 2 when no row names a unit.
fn check_group_command(file: &std::path::Path) -> ExitCode {
    let ds = match embedded() {
        Ok(ds) => ds,
        Err(code) => return code,
    };
    let read = crate::core::import::read_table_path(file, None)
        .map_err(|e| e.to_string())
        .and_then(|raw| {
            let name = file
                .file_stem()
                .map_or_else(String::new, |s| s.to_string_lossy().into_owned());
            crate::core::groups::read_group(
                &ds,
                &raw,
                &name,
                &[],
                &crate::core::import::file_label(file),
                &crate::core::import::today(),
            )
            .map_err(|e| e.en)
        });
    match read {
        Ok(r) => {
            say!(
                "{}: a region group '{}': {}",
                file.display(),
                r.group.name,
                r.group.describe(Lang::En)
            );
            for (line, text, why) in &r.unmatched {
                say!("  not used: line {line}: '{text}' — {why}");
            }
            for (line, code) in &r.duplicates {
                say!("  repeated: line {line}: {code}");
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("atlas: {}: {e}", file.display());
            ExitCode::from(2)
        }
    }
}

/// `data check` of a GeoJSON file (or another non-table file).
fn check_other(file: &std::path::Path) -> ExitCode {
    match check_path(file) {
        Ok(report) => {
            say!(
                "{}: OK ({} file, {} items)",
                file.display(),
                report.kind,
                report.items
            );
            for n in report.notes {
                say!("  note: {n}");
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("atlas: {e}");
            ExitCode::from(2)
        }
    }
}

/// The embedded dataset, or exit 2 having said why it could not be read.
fn embedded() -> Result<Dataset, ExitCode> {
    Dataset::load_embedded().map_err(|e| {
        eprintln!("atlas: embedded data: {e}");
        ExitCode::from(2)
    })
}

/// `atlas data check TABLE`: what an import would do; exit 2 only when nothing could be
/// imported (an unreadable file, or no value matched to a place).
fn check_table_command(file: &std::path::Path) -> ExitCode {
    let ds = match embedded() {
        Ok(ds) => ds,
        Err(code) => return code,
    };
    match crate::core::check::check_table(file, &ds) {
        Ok(report) => {
            say!("{}:", file.display());
            for line in &report.lines {
                say!("  {line}");
            }
            if report.values == 0 {
                eprintln!("atlas: {}: nothing could be imported", file.display());
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            }
        }
        Err(e) => {
            eprintln!("atlas: {e}");
            ExitCode::from(2)
        }
    }
}

fn print_summary(s: &crate::core::summary::Summary) {
    let c = &s.coverage;
    say!(
        "provincial units: {}   prefecture units: {}",
        s.provinces,
        s.prefectures
    );
    say!(
        "old industrial cities found: {} of the plan's {} ({} prefecture-level of {}, {} major of {})",
        c.sourced_total,
        c.plan_total,
        c.sourced_prefecture,
        c.plan_prefecture,
        c.sourced_major,
        c.plan_major
    );
    say!("  by evidence tier: {:?}", s.cities_by_evidence);
    say!("  by region group: {:?}", s.cities_by_region_group);
    say!("  by NBS region: {:?}", s.cities_by_nbs_region);
    say!("  by province: {:?}", s.cities_by_province);
    if let Some(ne) = c.article_northeast {
        say!(
            "  Northeast: {} in the dataset; the article states {}",
            c.sourced_northeast,
            ne
        );
    }
    say!(
        "  provinces with none yet: {}",
        c.provinces_without_cities.join(", ")
    );
    say!(
        "heritage sites: {} ({} in batches 1-5); by batch: {:?}",
        s.heritage_sites,
        s.heritage_batches_1_to_5,
        s.heritage_by_batch
    );
    say!(
        "demonstration zones: {}   indicator values: {}   article figures: {}   international cases: {}",
        s.demonstration_zones,
        s.indicator_values,
        s.article_figures,
        s.international_cases
    );
}

/// Parses `WIDTHxHEIGHT`.
pub fn parse_size(text: &str) -> Result<(f32, f32), String> {
    let (w, h) = text
        .split_once(['x', 'X'])
        .ok_or_else(|| format!("expected WIDTHxHEIGHT, got '{text}'"))?;
    let w: f32 = w
        .trim()
        .parse()
        .map_err(|_| format!("not a width: '{w}'"))?;
    let h: f32 = h
        .trim()
        .parse()
        .map_err(|_| format!("not a height: '{h}'"))?;
    if !(100.0..=8000.0).contains(&w) || !(100.0..=8000.0).contains(&h) {
        return Err(format!("size {w}x{h} is outside 100..8000 points"));
    }
    Ok((w, h))
}

/// Arguments of `atlas export`.
pub struct ExportArgs<'a> {
    pub target: &'a str,
    pub out: Option<&'a std::path::Path>,
    pub out_dir: Option<&'a std::path::Path>,
    pub opts: crate::export::ExportOptions,
    /// A story file for `export story` (default: the built-in story).
    pub story_file: Option<&'a std::path::Path>,
    /// A CSV/XLSX table whose first indicator the map and ranking chart show.
    pub import: Option<&'a std::path::Path>,
    /// GeoJSON layers for the map, and how their polygons are filled.
    pub geojson: &'a [PathBuf],
    pub geojson_color: &'a str,
    /// PNG, SVG or PDF; `None`: from the `--out` extension (PNG otherwise).
    pub format: Option<crate::export::Format>,
    /// `--indicator ID` and `--year Y`.
    pub indicator: Option<&'a str>,
    pub year: Option<i32>,
    /// `--per`, `--change-from`, `--change`.
    pub per: Option<&'a str>,
    pub change_from: Option<i32>,
    pub change: Option<&'a str>,
    /// `export animation`: `--from`, `--to`, `--frame-ms`.
    pub from: Option<i32>,
    pub to: Option<i32>,
    pub frame_ms: u16,
    /// `--city-list FILE` and how it relates to the built-in list.
    pub city_list: Option<(&'a std::path::Path, crate::core::city_list::ListMode)>,
    /// `export story` as one PDF: slides or a handout.
    pub pdf_layout: crate::handout::PdfLayout,
}

/// Loads GeoJSON layers for an export (synchronously; an export has no window to keep
/// responsive) and shows them with the requested colouring.
pub fn layers_for_export(
    paths: &[PathBuf],
    color: &str,
    opts: &mut crate::export::ExportOptions,
) -> Result<(), String> {
    use crate::core::settings::{LayerColor, UserLayerRecord};
    let proj = crate::core::projection::Albers::china();
    for path in paths {
        let shown = path.display().to_string();
        let view = crate::state::user_layer::UserLayerView::load(&shown, proj, &Default::default())
            .map_err(|e| e.to_string())?;
        let color = match color {
            "single" => LayerColor::Single,
            "area" => LayerColor::AreaKm2,
            key if view.numeric_properties.iter().any(|k| k == key) => {
                LayerColor::Property(key.to_owned())
            }
            key => {
                return Err(format!(
                    "{shown}: no numeric property '{key}' (numeric properties: {}; or use single, area)",
                    if view.numeric_properties.is_empty() {
                        "none".to_owned()
                    } else {
                        view.numeric_properties.join(", ")
                    }
                ));
            }
        };
        opts.settings.user_layers.push(UserLayerRecord {
            path: shown,
            visible: true,
            color,
            date: crate::core::import::today(),
        });
        opts.data.user_layers.push(std::sync::Arc::new(view));
    }
    Ok(())
}

/// Imports `path` as the window's File → Import does (detected encoding and shape, only the
/// matched places and plain numbers), dated today; its first indicator becomes active.
pub fn import_for_export(
    ds: &Dataset,
    path: &std::path::Path,
    opts: &mut crate::export::ExportOptions,
) -> Result<(), String> {
    let record = crate::core::settings::ImportRecord {
        path: path.display().to_string(),
        encoding: None,
        date: crate::core::import::today(),
    };
    let indicators = crate::core::import::import_file(ds, &record)?;
    let first = indicators.first().ok_or_else(|| {
        format!(
            "{}: no values to import (no row matched a province or prefecture with a number)",
            path.display()
        )
    })?;
    opts.settings.choropleth.imported = Some(first.name.clone());
    opts.data.imported = std::sync::Arc::new(indicators);
    Ok(())
}

/// Makes `dir` (and its parents) if it is missing; a file in its place is an error.
fn ensure_dir(dir: &std::path::Path) -> Result<(), String> {
    if dir.exists() && !dir.is_dir() {
        return Err(format!("{}: exists and is not a directory", dir.display()));
    }
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: cannot create: {e}", dir.display()))
}

/// Runs `atlas export`; errors are one line and exit code 2, and nothing partial is left.
pub fn run_export(args: ExportArgs<'_>) -> ExitCode {
    match export(args) {
        Ok(written) => {
            for p in written {
                say!("{}", p.display());
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("atlas export: {e}");
            ExitCode::from(2)
        }
    }
}

fn export(args: ExportArgs<'_>) -> Result<Vec<PathBuf>, String> {
    use crate::export::{Format, Target, export_to};
    if ![1.0, 2.0, 3.0].contains(&args.opts.scale) {
        return Err(format!(
            "--scale must be 1, 2 or 3, not {}",
            args.opts.scale
        ));
    }
    let mut ds = std::sync::Arc::new(Dataset::load_embedded().map_err(|e| e.to_string())?);
    if let Some((path, mode)) = args.city_list {
        let record = crate::core::city_list::CityListRecord {
            path: path.display().to_string(),
            mode,
            date: crate::core::import::today(),
        };
        ds = std::sync::Arc::new(crate::core::city_list::load(&ds, &record)?);
    }
    // --format, else the --out file's extension, else PNG.
    let format = args
        .format
        .or_else(|| args.out.map(Format::from_path))
        .unwrap_or_default();
    let ext = format.extension();
    let mut opts = args.opts;
    match (args.indicator, args.year) {
        (Some(id), year) => {
            crate::core::indicators::choose_indicator(&mut opts.settings.choropleth, &ds, id, year)?
        }
        (None, Some(y)) => {
            return Err(format!(
                "--year {y} needs --indicator (an indicator with years)"
            ));
        }
        (None, None) => {}
    }
    basis_for_export(
        &mut opts.settings.choropleth,
        args.per,
        args.change_from,
        args.change,
    )?;
    if let Some(path) = args.import {
        import_for_export(&ds, path, &mut opts)?;
    }
    layers_for_export(args.geojson, args.geojson_color, &mut opts)?;
    let jobs: Vec<(Target, PathBuf)> = if args.target == "story" {
        // One PDF of the whole lesson, when asked for by --out.
        if let (Some(out), None, Format::Pdf) = (args.out, args.out_dir, format) {
            opts.story = Some(std::sync::Arc::new(story_for_export(&ds, args.story_file)?));
            let pdf = crate::handout::story_pdf(ds.clone(), &opts, args.pdf_layout)
                .map_err(|e| format!("{}: cannot make the PDF: {e}", out.display()))?;
            crate::core::atomic::write_atomic(out, &pdf)
                .map_err(|e| format!("{}: cannot write: {e}", out.display()))?;
            return Ok(vec![out.to_path_buf()]);
        }
        let dir = args
            .out_dir
            .ok_or("export story needs --out-dir DIR (or --format pdf --out FILE.pdf)")?;
        ensure_dir(dir)?;
        let story = story_for_export(&ds, args.story_file)?;
        let n = story.slides.len();
        opts.story = Some(std::sync::Arc::new(story));
        (0..n)
            .map(|i| {
                (
                    Target::Slide(i),
                    dir.join(format!("slide-{:02}.{ext}", i + 1)),
                )
            })
            .collect()
    } else if args.target == "data" {
        return export_map_data(&ds, &opts, args.out);
    } else if args.target == "animation" {
        let (from, to, frame_ms) = (args.from, args.to, args.frame_ms);
        return export_animation(&ds, &opts, args.out, args.out_dir, (from, to, frame_ms));
    } else if let Some(t) = spatial_target(args.target, &mut opts.settings.spatial) {
        if args.target == "density" {
            // The surface reads best over neutral land.
            opts.settings.layers.province_fill = false;
        }
        let out = args.out.ok_or("missing --out FILE")?;
        vec![(t, out.to_path_buf())]
    } else if args.target == "all" {
        let dir = args.out_dir.ok_or("export all needs --out-dir DIR")?;
        ensure_dir(dir)?;
        Target::all()
            .into_iter()
            .map(|t| (t, dir.join(format!("{}.{ext}", t.key()))))
            .collect()
    } else {
        let t = Target::parse(args.target).ok_or_else(|| {
            format!(
                "unknown target '{}' (known: {}, lisa, hotspots, density, moran, all, story, animation, data)",
                args.target,
                Target::names()
            )
        })?;
        let out = args.out.ok_or("missing --out FILE")?;
        match out.parent() {
            Some(d) if !d.as_os_str().is_empty() && !d.is_dir() => {
                return Err(format!("{}: directory does not exist", d.display()));
            }
            _ => {}
        }
        vec![(t, out.to_path_buf())]
    };
    let timing = std::env::var_os("ATLAS_TIMING").is_some();
    let mut written = Vec::new();
    for (target, path) in jobs {
        let t0 = std::time::Instant::now();
        export_to(ds.clone(), target, &opts, format, &path)?;
        if timing {
            eprintln!(
                "atlas: exported {} in {:.0} ms",
                target.key(),
                t0.elapsed().as_secs_f64() * 1e3
            );
        }
        written.push(path);
    }
    Ok(written)
}

/// The story an export draws: the file given, else the built-in lesson.
fn story_for_export(
    ds: &Dataset,
    file: Option<&std::path::Path>,
) -> Result<crate::core::story::Story, String> {
    match file {
        Some(p) => crate::core::story::load_story_file(p, ds).map_err(|e| e.to_string()),
        None => {
            crate::core::story::parse_story("default story", crate::core::story::DEFAULT_STORY, ds)
                .map_err(|e| e.to_string())
        }
    }
}

/// The spatial pictures: `lisa` (the LISA cluster map), `hotspots` (Gi*), `density` (the
/// cities' kernel density under the map) and `moran` (the spatial chart with its scatter
/// plot), each as the settings that show it.
fn spatial_target(
    name: &str,
    s: &mut crate::core::settings::SpatialSettings,
) -> Option<crate::export::Target> {
    use crate::core::settings::{ChartTab, SpatialMap};
    use crate::export::Target;
    match name {
        "lisa" => s.map = SpatialMap::Clusters,
        "hotspots" => s.map = SpatialMap::HotSpots,
        "density" => s.density = true,
        "moran" => return Some(Target::Chart(ChartTab::Spatial)),
        _ => return None,
    }
    Some(Target::Map)
}

/// `--per`, `--change-from` and `--change` on the chosen panel indicator.
fn basis_for_export(
    c: &mut crate::core::settings::Choropleth,
    per: Option<&str>,
    change_from: Option<i32>,
    change: Option<&str>,
) -> Result<(), String> {
    use crate::core::panel::{ChangeKind, Per};
    let wants = per.is_some() || change_from.is_some() || change.is_some();
    if wants && c.panel.is_none() {
        return Err("--per and --change-from need --indicator with years".to_owned());
    }
    if let Some(p) = per {
        c.per = match p {
            "total" => Per::Total,
            "person" => Per::Person,
            "km2" => Per::Km2,
            other => return Err(format!("--per must be total, person or km2, not '{other}'")),
        };
    }
    if let Some(k) = change {
        c.change_kind = match k {
            "pct" => ChangeKind::Percent,
            "abs" => ChangeKind::Absolute,
            "cagr" => ChangeKind::Cagr,
            other => return Err(format!("--change must be pct, abs or cagr, not '{other}'")),
        };
        if change_from.is_none() {
            return Err("--change needs --change-from YEAR".to_owned());
        }
    }
    if let Some(from) = change_from {
        if c.year.is_some_and(|y| from >= y) {
            return Err(format!(
                "--change-from {from} must be before the year shown"
            ));
        }
        c.change_from = Some(from);
    }
    Ok(())
}

/// `export data`: the map's prefecture values as `.csv` or `.geojson`.
fn export_map_data(
    ds: &Dataset,
    opts: &crate::export::ExportOptions,
    out: Option<&std::path::Path>,
) -> Result<Vec<PathBuf>, String> {
    let out = out.ok_or("export data needs --out FILE.csv or FILE.geojson")?;
    let ind =
        crate::core::indicators::active_indicator(&opts.settings.choropleth, &opts.data.imported);
    let lang = opts.settings.lang;
    let ext = out
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let text = match ext.as_str() {
        "csv" => crate::core::map_data::values_csv(ds, &ind, lang),
        "geojson" | "json" => crate::core::map_data::values_geojson(ds, &ind, lang),
        _ => {
            return Err(format!(
                "{}: map data is written as .csv or .geojson",
                out.display()
            ));
        }
    };
    crate::core::atomic::write_atomic(out, text.as_bytes())
        .map_err(|e| format!("{}: cannot write: {e}", out.display()))?;
    Ok(vec![out.to_path_buf()])
}

/// `export animation`: a GIF with `--out FILE.gif`, or numbered PNGs with `--out-dir DIR`.
fn export_animation(
    ds: &std::sync::Arc<Dataset>,
    opts: &crate::export::ExportOptions,
    out: Option<&std::path::Path>,
    out_dir: Option<&std::path::Path>,
    (from, to, frame_ms): (Option<i32>, Option<i32>, u16),
) -> Result<Vec<PathBuf>, String> {
    use crate::animation::{animation_years, write_gif, write_png_sequence};
    let years = animation_years(ds, opts, from, to)?;
    match (out, out_dir) {
        (Some(out), _) => {
            let is_gif = out
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("gif"));
            if !is_gif {
                return Err(format!(
                    "{}: an animation is written as .gif (or as PNG frames with --out-dir DIR)",
                    out.display()
                ));
            }
            match out.parent() {
                Some(d) if !d.as_os_str().is_empty() && !d.is_dir() => {
                    return Err(format!("{}: directory does not exist", d.display()));
                }
                _ => {}
            }
            write_gif(ds.clone(), opts, &years, frame_ms, out)?;
            Ok(vec![out.to_path_buf()])
        }
        (None, Some(dir)) => {
            ensure_dir(dir)?;
            let name = opts.settings.choropleth.panel.as_deref().unwrap_or("map");
            write_png_sequence(ds.clone(), opts, &years, dir, name)
        }
        (None, None) => Err("export animation needs --out FILE.gif or --out-dir DIR".to_owned()),
    }
}

/// `atlas data indicators`: one line per indicator, or JSON.
fn print_indicators(list: &[crate::core::indicators::IndicatorInfo], json: bool) {
    if json {
        say!("{}", serde_json::to_string_pretty(list).unwrap_or_default());
        return;
    }
    for i in list {
        let years = match (i.years.first(), i.years.last()) {
            (Some(a), Some(b)) if a != b => format!("{a}–{b} ({} years)", i.years.len()),
            (Some(a), _) => a.to_string(),
            _ => "no single year".to_owned(),
        };
        say!(
            "{:<18} {:<11} {} / {} ({}) · {years} · {}",
            i.id,
            i.level,
            i.name_zh,
            i.name_en,
            i.unit_en,
            i.aggregate
        );
    }
}
