//! The spatial analysis of the active indicator, computed once for every view that shows it
//! (the map's cluster and hot-spot classes, the spatial chart, slides and exports).
//!
//! A run small enough for a frame (GeoDa's 999 permutations, even on the 370 prefectures:
//! about 8 ms) is computed where it is asked for; a larger one (9,999 permutations) goes to a
//! worker thread and the views say "computing" until it is back.
//! Exports ask for a blocking run: a picture is never drawn half-done.
//!
//! Everything kept is dropped when the data change (`clear`, called by the app whenever it
//! replaces the dataset or the imported tables), so no key needs the data's address.

use std::collections::{HashMap, HashSet};
use std::path::Path;
use std::sync::mpsc::{Receiver, TryRecvError, channel};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use crate::core::dataset::Dataset;
use crate::core::indicators::Indicator;
use crate::core::settings::SpatialSettings;
use crate::core::spatial::analysis::{Autocorrelation, autocorrelation_of, level_of, values_for};
use crate::core::spatial::weights::{UnitLevel, Weights, build, read_file, unit_ids};

/// Work (units × permutations × mean neighbours, for each of Moran, LISA and Gi*) done on
/// the UI thread; more goes to a worker. About 8 ms on the 2-core reference machine (the
/// whole analysis with 9,999 permutations on the prefectures takes 74 ms: bench `spatial`).
const INLINE_WORK: usize = 6_000_000;

/// Results kept (a slide deck flips between a few indicators).
const KEEP_RESULTS: usize = 6;

/// What a view gets when it asks for the analysis.
#[derive(Clone, Debug)]
pub enum SpatialResult {
    Ready(Arc<Autocorrelation>),
    /// On a worker; the views show a spinner and the app repaints when it is done.
    Computing,
    /// The worker failed (a bug: its crash report names it); not retried every frame.
    Failed,
}

/// A weights file read and checked: its weights and which load it was (a file read again
/// after an edit gives new results, though its path is the same).
#[derive(Clone)]
struct LoadedFile {
    load: u64,
    weights: Arc<Weights>,
}

#[derive(Default)]
struct Inner {
    /// Weights per level and rule.
    weights: HashMap<String, Arc<Weights>>,
    /// Weights files read and checked, by path and level.
    files: HashMap<(String, UnitLevel), LoadedFile>,
    loads: u64,
    results: Vec<(String, Arc<Autocorrelation>)>,
    /// Runs on workers, by key (asking for another key does not drop them).
    pending: HashMap<String, Receiver<Autocorrelation>>,
    failed: HashSet<String>,
}

/// The shared cache of spatial analyses (cloned handles share it).
#[derive(Clone, Default)]
pub struct SpatialRun {
    inner: Arc<Mutex<Inner>>,
    /// Never hand work to a worker (exports, and a headless run).
    pub blocking: bool,
    /// Woken when a worker finishes.
    pub repaint: Option<egui::Context>,
}

impl std::fmt::Debug for SpatialRun {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SpatialRun")
            .field("blocking", &self.blocking)
            .finish_non_exhaustive()
    }
}

impl SpatialRun {
    fn lock(&self) -> MutexGuard<'_, Inner> {
        // A worker never holds the lock, so a poisoned one still holds consistent maps.
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Forgets every weights matrix and result made from the old data (weights files stay:
    /// they are checked again against the new data when next used).
    pub fn clear(&self) {
        let mut inner = self.lock();
        inner.weights.clear();
        inner.results.clear();
        inner.pending.clear();
        inner.failed.clear();
    }

    /// Reads and checks a GeoDa `.gal`/`.gwt` file against the units of `level`, keeping
    /// it for the analyses; the error names the file, the line and the reason.
    pub fn load_weights_file(
        &self,
        ds: &Dataset,
        path: &Path,
        level: UnitLevel,
    ) -> Result<Arc<Weights>, String> {
        let w = Arc::new(read_file(path, &unit_ids(ds, level))?);
        let mut inner = self.lock();
        inner.loads += 1;
        let load = inner.loads;
        inner.files.insert(
            (path.display().to_string(), level),
            LoadedFile {
                load,
                weights: w.clone(),
            },
        );
        Ok(w)
    }

    /// The weights file in use for `level` (its path and which load), if the settings name
    /// one of that level and it has been read.
    pub fn weights_file_for(&self, s: &SpatialSettings, level: UnitLevel) -> Option<(String, u64)> {
        let f = s.weights_file.as_ref().filter(|f| f.level == level)?;
        let inner = self.lock();
        let loaded = inner.files.get(&(f.path.clone(), level))?;
        Some((f.path.clone(), loaded.load))
    }

    /// The full weights of `level` under the settings: the user's file for its level, else
    /// the rule's, built once.
    pub fn weights(&self, ds: &Dataset, s: &SpatialSettings, level: UnitLevel) -> Arc<Weights> {
        if let Some((path, _)) = self.weights_file_for(s, level)
            && let Some(f) = self.lock().files.get(&(path, level))
        {
            return f.weights.clone();
        }
        let key = format!("{level:?}{:?}", s.rule);
        if let Some(w) = self.lock().weights.get(&key) {
            return w.clone();
        }
        // Built outside the lock: another view may ask meanwhile and build it too.
        let w = Arc::new(build(ds, level, s.rule));
        self.lock().weights.insert(key, w.clone());
        w
    }

    /// What an analysis is of: the indicator with its basis (a total, per person, per km², a
    /// change), the weights, the permutations and the seed.
    fn key(&self, ind: &Indicator<'_>, s: &SpatialSettings) -> String {
        let level = level_of(ind);
        let basis = match ind {
            Indicator::Panel { transform, .. } => format!("{transform:?}"),
            // An imported table is told apart from another of the same name by its address
            // (the list is replaced, and the run cleared, whenever imports change).
            Indicator::Imported { imp, .. } => format!("{:p}", std::ptr::from_ref(*imp)),
            Indicator::BuiltIn(_) => String::new(),
        };
        format!(
            "{:?}|{basis}|{level:?}|{:?}|{:?}|{}|{}",
            ind.key(),
            s.rule,
            self.weights_file_for(s, level),
            s.permutations,
            s.seed,
        )
    }

    /// The analysis of `ind` under `s`: from the cache, computed here when small (or when
    /// blocking), else started on a worker.
    pub fn analysis(
        &self,
        ds: &Dataset,
        ind: &Indicator<'_>,
        s: &SpatialSettings,
    ) -> SpatialResult {
        let key = self.key(ind, s);
        if let Some(state) = self.finished(&key) {
            return state;
        }
        let level = level_of(ind);
        let file = self.weights_file_for(s, level).map(|(p, _)| p);
        let all = self.weights(ds, s, level);
        let values = values_for(ds, ind, &all);
        let (rule, perms, seed) = (s.rule, s.permutations, s.seed);
        let mean_k = all.neighbors.iter().map(Vec::len).sum::<usize>() / all.len().max(1);
        let work = 3 * all.len() * perms.max(1) * mean_k.max(1);
        let run = move || {
            let mut a = autocorrelation_of(level, rule, &all, &values, perms, seed);
            a.weights_file = file;
            a
        };
        if self.blocking || work <= INLINE_WORK {
            let a = Arc::new(run());
            self.keep(key, a.clone());
            return SpatialResult::Ready(a);
        }
        let (tx, rx) = channel();
        let repaint = self.repaint.clone();
        std::thread::spawn(move || {
            // One thread of its own: on rayon's shared pool it would hold up the frames'
            // own parallel work.
            let a = match rayon::ThreadPoolBuilder::new().num_threads(1).build() {
                Ok(pool) => pool.install(run),
                Err(_) => run(),
            };
            // The receiver may be gone (the data changed): nothing to do then.
            let _ = tx.send(a);
            if let Some(ctx) = repaint {
                ctx.request_repaint();
            }
        });
        self.lock().pending.insert(key, rx);
        SpatialResult::Computing
    }

    /// Where `key` stands, if it has been asked for before: kept, back from its worker,
    /// still running, or failed.
    fn finished(&self, key: &str) -> Option<SpatialResult> {
        let mut inner = self.lock();
        if let Some((_, a)) = inner.results.iter().find(|(k, _)| k == key) {
            return Some(SpatialResult::Ready(a.clone()));
        }
        if inner.failed.contains(key) {
            return Some(SpatialResult::Failed);
        }
        let got = inner.pending.get(key)?.try_recv();
        match got {
            Ok(a) => {
                inner.pending.remove(key);
                drop(inner);
                let a = Arc::new(a);
                self.keep(key.to_owned(), a.clone());
                Some(SpatialResult::Ready(a))
            }
            Err(TryRecvError::Empty) => Some(SpatialResult::Computing),
            Err(TryRecvError::Disconnected) => {
                // The worker died without an answer: say so once, do not start it again.
                inner.pending.remove(key);
                inner.failed.insert(key.to_owned());
                Some(SpatialResult::Failed)
            }
        }
    }

    /// Whether any worker is still computing (the app keeps repainting until it is back).
    pub fn is_computing(&self) -> bool {
        !self.lock().pending.is_empty()
    }

    fn keep(&self, key: String, a: Arc<Autocorrelation>) {
        let mut inner = self.lock();
        inner.results.retain(|(k, _)| *k != key);
        inner.results.push((key, a));
        let excess = inner.results.len().saturating_sub(KEEP_RESULTS);
        inner.results.drain(..excess);
    }
}
