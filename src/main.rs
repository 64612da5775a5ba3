//! `atlas`: the window, or `atlas data …` / `atlas export …` without one.

use std::process::ExitCode;
use std::sync::Arc;
use std::time::Instant;

use clap::Parser;
use oib_atlas::app::{AtlasApp, EframeApp};
use oib_atlas::cli::{Cli, run_data};
use oib_atlas::core::dataset::Dataset;
use oib_atlas::state::Command;

/// Opt-in (`--features mimalloc`): faster batch exports, more resident memory in the window
/// (see Cargo.toml).
#[cfg(feature = "mimalloc")]
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let started = Instant::now();
    let cli = Cli::parse();
    match cli.command {
        Some(oib_atlas::cli::Command::Data { command }) => run_data(&command),
        Some(oib_atlas::cli::Command::Analyse { command }) => {
            oib_atlas::cli::analyse::run(&command)
        }
        Some(oib_atlas::cli::Command::Export {
            target,
            out,
            out_dir,
            scale,
            lang,
            theme,
            size,
            story,
            indicator,
            import,
            geojson,
            geojson_color,
            layers,
            view,
            no_title,
            no_legend,
            no_caption,
            year,
            from,
            to,
            frame_ms,
            per,
            change_from,
            change,
            renderer,
            small,
            format,
            city_list,
            city_list_mode,
            weights,
            permutations,
            seed,
            pdf_layout,
        }) => {
            let mut settings = oib_atlas::core::settings::Settings {
                lang,
                ..Default::default()
            };
            settings.spatial.rule = weights;
            settings.spatial.permutations = permutations.min(99_999);
            settings.spatial.seed = seed;
            if let Some(layers) = layers {
                settings.layers = layers;
            }
            let opts = oib_atlas::export::ExportOptions {
                size: {
                    let default = match target.as_str() {
                        "story" => (1920.0, 1080.0),
                        // A GIF for a slide: every frame is stored whole, so smaller.
                        "animation" => (1280.0, 800.0),
                        _ => (1600.0, 1000.0),
                    };
                    let (w, h) = size.unwrap_or(default);
                    egui::vec2(w, h)
                },
                scale: scale.unwrap_or(if target == "animation" { 1.0 } else { 2.0 }),
                theme,
                title: !no_title,
                legend: !no_legend,
                caption: !no_caption,
                settings,
                view,
                selection: Default::default(),
                story: None,
                data: Default::default(),
                renderer,
                compression: if small {
                    oib_atlas::export::Compression::Small
                } else {
                    oib_atlas::export::Compression::Fast
                },
                spatial: Default::default(),
            };
            oib_atlas::cli::run_export(oib_atlas::cli::ExportArgs {
                target: &target,
                out: out.as_deref(),
                out_dir: out_dir.as_deref(),
                opts,
                story_file: story.as_deref(),
                import: import.as_deref(),
                geojson: &geojson,
                geojson_color: &geojson_color,
                format,
                indicator: indicator.as_deref(),
                year,
                from,
                to,
                frame_ms,
                per: per.as_deref(),
                change_from,
                change: change.as_deref(),
                pdf_layout,
                city_list: city_list.as_deref().map(|p| (p, city_list_mode.into())),
            })
        }
        None => run_window(started, &cli),
    }
}

fn run_window(started: Instant, cli: &Cli) -> ExitCode {
    let settings_path = oib_atlas::persist::default_path();
    let view = cli.view;
    let cli_lang = cli.lang;
    let cli_layers = cli.layers.clone();
    let present = cli.present;
    let import = cli.import.clone();
    let geojson = cli.geojson.clone();
    let ds = match Dataset::load_embedded() {
        Ok(ds) => Arc::new(ds),
        Err(e) => {
            eprintln!("atlas: embedded data: {e}");
            return ExitCode::from(2);
        }
    };
    // Crash reports and the run marker live beside the settings file.
    let crash_dir = settings_path
        .as_deref()
        .and_then(std::path::Path::parent)
        .map(std::path::Path::to_path_buf);
    let (marker, unclean) = match &crash_dir {
        Some(dir) => {
            oib_atlas::crash::install_panic_hook(dir.clone());
            // The notice speaks the language the user chose last time, unless told otherwise.
            let lang = cli_lang.unwrap_or_else(|| {
                settings_path
                    .as_deref()
                    .map(|p| oib_atlas::persist::load(p).0.settings.lang)
                    .unwrap_or_default()
            });
            oib_atlas::crash::RunMarker::start(dir, lang)
        }
        None => (None, None),
    };
    // The window's frames reuse their scratch memory instead of faulting it in anew.
    oib_atlas::heap::keep_frame_memory();
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title(oib_atlas::PRODUCT_NAME)
            .with_inner_size([1600.0, 1000.0])
            .with_maximized(true),
        renderer: renderer(),
        ..Default::default()
    };
    let timing = std::env::var_os("ATLAS_TIMING").is_some();
    let result = eframe::run_native(
        oib_atlas::PRODUCT_NAME,
        options,
        Box::new(move |cc| {
            oib_atlas::fonts::install(&cc.egui_ctx);
            let mut app = AtlasApp::with_settings_file(ds, settings_path);
            // The command line speaks the same commands as the window.
            let ctx = &cc.egui_ctx;
            if let Some(lang) = cli_lang {
                app.apply(ctx, Command::SetLang(lang));
            }
            if let Some(layers) = cli_layers {
                app.apply(ctx, Command::SetLayers(layers));
            }
            if let Some(view) = view {
                app.map.show_lonlat(view);
            }
            for p in &geojson {
                app.apply(ctx, Command::OpenLayer(p.display().to_string()));
            }
            if let Some(p) = &import {
                app.apply(ctx, Command::PreviewImport(p.display().to_string()));
            }
            if let Some(n) = present {
                app.apply(ctx, Command::StartPresentation);
                app.apply(ctx, Command::GoToSlide(n.saturating_sub(1)));
            }
            if let Some(text) = unclean {
                app.apply(ctx, Command::Notice(text));
            }
            Ok(Box::new(Timed {
                app: EframeApp(app),
                started,
                reported: !timing,
                frame_log: std::env::var_os("ATLAS_FRAME_LOG").is_some(),
            }))
        }),
    );
    // Closed normally (even if the window could not open): no unclean exit to report.
    if let Some(marker) = marker {
        marker.finish();
    }
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("atlas: cannot open a window: {e}");
            ExitCode::from(1)
        }
    }
}

/// The window's renderer: OpenGL (glow) unless `ATLAS_RENDERER=wgpu` asks for wgpu.
fn renderer() -> eframe::Renderer {
    match std::env::var("ATLAS_RENDERER").as_deref() {
        Ok("wgpu") => eframe::Renderer::Wgpu,
        _ => eframe::Renderer::Glow,
    }
}

/// Reports launch-to-first-frame time when `ATLAS_TIMING` is set, and every frame's time
/// when `ATLAS_FRAME_LOG` is.
struct Timed {
    app: EframeApp,
    started: Instant,
    reported: bool,
    frame_log: bool,
}

impl eframe::App for Timed {
    fn ui(&mut self, ui: &mut egui::Ui, frame: &mut eframe::Frame) {
        eframe::App::ui(&mut self.app, ui, frame);
        // One line per frame, for scripts/measure-drag-fps.sh (frames per second while
        // dragging, counted from the real window).
        if self.frame_log {
            let now = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0.0, |d| d.as_secs_f64());
            eprintln!("atlas-frame {now:.4}");
        }
        if !self.reported {
            self.reported = true;
            eprintln!(
                "atlas: first frame built {:.0} ms after launch",
                self.started.elapsed().as_secs_f64() * 1000.0
            );
        }
    }
}
