//! The spatial analysis of the active indicator, computed once for every view that shows it
//! (the map's cluster and hot-spot classes, the spatial chart, slides and exports).
//!
//! A run small enough to fit in a frame (GeoDa's 999 permutations on the 370 prefectures
//! take a few milliseconds) is computed where it is asked for; a larger one (9,999
//! permutations) goes to a worker thread and the views say "computing" until it is back.
//! Exports ask for a blocking run: a picture is never drawn half-done.

use std::collections::HashMap;
use std::path::Path;
use std::sync::mpsc::{Receiver, TryRecvError, channel};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use crate::core::dataset::Dataset;
use crate::core::indicators::Indicator;
use crate::core::settings::{SpatialSettings, WeightsFile};
use crate::core::spatial::analysis::{Autocorrelation, autocorrelation_of, level_of, values_for};
use crate::core::spatial::weights::{UnitLevel, Weights, build, from_gal, from_gwt, unit_ids};

/// Work (units × permutations × mean neighbours) done on the UI thread; more goes to a
/// worker. About 5 ms on one core of the 2-core reference machine.
const INLINE_WORK: usize = 4_000_000;

/// Results kept (a slide deck flips between a few indicators).
const KEEP_RESULTS: usize = 6;

/// What a view gets when it asks for the analysis.
#[derive(Clone, Debug)]
pub enum SpatialResult {
    Ready(Arc<Autocorrelation>),
    /// On a worker; the views show a spinner and the app repaints when it is done.
    Computing,
}

#[derive(Default)]
struct Inner {
    /// Weights per level, rule or file, and dataset.
    weights: HashMap<String, Arc<Weights>>,
    /// Weights files read and checked, by path and level.
    files: HashMap<(String, UnitLevel), Arc<Weights>>,
    results: Vec<(String, Arc<Autocorrelation>)>,
    pending: Option<(String, Receiver<Autocorrelation>)>,
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

    /// Reads and checks a GeoDa `.gal`/`.gwt` file against the units of `level`, keeping
    /// it for the analyses; the error names the file, the line and the reason.
    pub fn load_weights_file(
        &self,
        ds: &Dataset,
        path: &Path,
        level: UnitLevel,
    ) -> Result<Arc<Weights>, String> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let ids = unit_ids(ds, level);
        let gwt = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("gwt"));
        let w = if gwt {
            from_gwt(&text, &ids)
        } else {
            from_gal(&text, &ids)
        }
        .map_err(|e| format!("{}: {e}", path.display()))?;
        let w = Arc::new(w);
        self.lock()
            .files
            .insert((path.display().to_string(), level), w.clone());
        Ok(w)
    }

    /// The weights file in use for `level`, if the settings name one of that level and it
    /// has been read.
    pub fn weights_file_for(&self, s: &SpatialSettings, level: UnitLevel) -> Option<String> {
        let f: &WeightsFile = s.weights_file.as_ref().filter(|f| f.level == level)?;
        self.lock()
            .files
            .contains_key(&(f.path.clone(), level))
            .then(|| f.path.clone())
    }

    /// The full weights of `level` under the settings: the user's file for its level, else
    /// the rule's, built once per dataset.
    pub fn weights(&self, ds: &Dataset, s: &SpatialSettings, level: UnitLevel) -> Arc<Weights> {
        if let Some(path) = self.weights_file_for(s, level)
            && let Some(w) = self.lock().files.get(&(path, level))
        {
            return w.clone();
        }
        let key = format!("{level:?}{:?}{}", s.rule, std::ptr::from_ref(ds) as usize);
        if let Some(w) = self.lock().weights.get(&key) {
            return w.clone();
        }
        // Built outside the lock: another view may ask meanwhile and build it too.
        let w = Arc::new(build(ds, level, s.rule));
        self.lock().weights.insert(key, w.clone());
        w
    }

    /// The analysis of `ind` under `s`: from the cache, computed here when small (or when
    /// blocking), else started on a worker.
    pub fn analysis(
        &self,
        ds: &Dataset,
        ind: &Indicator<'_>,
        s: &SpatialSettings,
    ) -> SpatialResult {
        let level = level_of(ind);
        // An imported table is told apart from another of the same name by its address.
        let imported = match ind {
            Indicator::Imported { imp, .. } => std::ptr::from_ref(*imp) as usize,
            _ => 0,
        };
        let file = self.weights_file_for(s, level);
        let key = format!(
            "{:?}|{imported}|{level:?}|{:?}|{file:?}|{}|{}|{}",
            ind.key(),
            s.rule,
            s.permutations,
            s.seed,
            std::ptr::from_ref(ds) as usize
        );
        if let Some(done) = self.finished(&key) {
            return SpatialResult::Ready(done);
        }
        if self.lock().pending.as_ref().is_some_and(|(k, _)| *k == key) {
            return SpatialResult::Computing;
        }
        let all = self.weights(ds, s, level);
        let values = values_for(ds, ind, &all);
        let (rule, perms, seed) = (s.rule, s.permutations, s.seed);
        let mean_k = all.neighbors.iter().map(Vec::len).sum::<usize>() / all.len().max(1);
        let work = all.len() * perms.max(1) * mean_k.max(1);
        if self.blocking || work <= INLINE_WORK {
            let mut a = autocorrelation_of(level, rule, &all, &values, perms, seed);
            a.weights_file = file;
            let a = Arc::new(a);
            self.keep(key, a.clone());
            return SpatialResult::Ready(a);
        }
        let (tx, rx) = channel();
        let repaint = self.repaint.clone();
        std::thread::spawn(move || {
            let mut a = autocorrelation_of(level, rule, &all, &values, perms, seed);
            a.weights_file = file;
            // The receiver may be gone (the user moved on): nothing to do then.
            let _ = tx.send(a);
            if let Some(ctx) = repaint {
                ctx.request_repaint();
            }
        });
        self.lock().pending = Some((key, rx));
        SpatialResult::Computing
    }

    /// A finished result for `key`: kept, or just back from the worker.
    fn finished(&self, key: &str) -> Option<Arc<Autocorrelation>> {
        let mut inner = self.lock();
        if let Some((_, a)) = inner.results.iter().find(|(k, _)| k == key) {
            return Some(a.clone());
        }
        let (pending_key, rx) = inner.pending.as_ref()?;
        if pending_key != key {
            // Asked for something else now: that worker's result is no longer wanted.
            inner.pending = None;
            return None;
        }
        match rx.try_recv() {
            Ok(a) => {
                inner.pending = None;
                drop(inner);
                let a = Arc::new(a);
                self.keep(key.to_owned(), a.clone());
                Some(a)
            }
            Err(TryRecvError::Empty) => None,
            Err(TryRecvError::Disconnected) => {
                inner.pending = None;
                None
            }
        }
    }

    /// Whether a worker is computing `key`'s analysis (the caller then shows a spinner).
    pub fn is_computing(&self) -> bool {
        self.lock().pending.is_some()
    }

    fn keep(&self, key: String, a: Arc<Autocorrelation>) {
        let mut inner = self.lock();
        inner.results.retain(|(k, _)| *k != key);
        inner.results.push((key, a));
        let excess = inner.results.len().saturating_sub(KEEP_RESULTS);
        inner.results.drain(..excess);
    }
}
