//! What the map remembers between frames and between runs: the camera, a camera move in
//! progress, and a view asked for before the map's size was known. One serde type, saved
//! with the settings as it is.

use serde::{Deserialize, Serialize};

use super::camera::Camera;

/// Duration of a smooth camera move (story slides, "zoom to").
pub const ANIMATION_SECONDS: f64 = 0.8;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct MapMemory {
    /// `None` until the first frame fits China into the view.
    pub camera: Option<Camera>,
    /// A lon/lat box `[west, south, east, north]` to show at once when the view size is known.
    pub pending_view: Option<[f64; 4]>,
    /// A lon/lat box to move to smoothly once the view size is known.
    pub pending_animation: Option<[f64; 4]>,
    /// A move in progress. Not saved: its clock is this run's; a move cut short by quitting
    /// resumes as a pending move instead (see [`MapMemory::for_saving`]).
    #[serde(skip)]
    pub animation: Option<CameraAnimation>,
}

impl MapMemory {
    /// What to save: a running move is saved as the place it was going to.
    pub fn for_saving(&self) -> Self {
        let mut m = self.clone();
        if let Some(anim) = m.animation.take() {
            m.pending_view = Some(anim.to_box);
        }
        m
    }

    /// Drops a camera an edited file put out of range.
    pub fn sanitized(mut self) -> Self {
        if let Some(c) = self.camera
            && !(c.center.iter().all(|x| x.is_finite()) && c.scale.is_finite() && c.scale > 0.0)
        {
            self.camera = None;
        }
        self
    }

    /// Whether a camera move is still running.
    pub fn is_animating(&self) -> bool {
        self.animation.is_some() || self.pending_animation.is_some()
    }
}

/// Eased move between two cameras: centre linear, scale geometric (constant zoom speed).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct CameraAnimation {
    pub from: Camera,
    /// Target as a lon/lat box, resolved against the view each frame (the view may resize
    /// mid-move, e.g. when presentation mode enlarges the type).
    pub to_box: [f64; 4],
    pub start: f64,
    pub duration: f64,
}

impl CameraAnimation {
    /// The camera at time `now`, and whether the move is over.
    pub fn at(&self, now: f64, to: Camera) -> (Camera, bool) {
        let t = ((now - self.start) / self.duration).clamp(0.0, 1.0);
        let e = t * t * (3.0 - 2.0 * t); // smoothstep
        let cam = Camera {
            center: [
                self.from.center[0] + (to.center[0] - self.from.center[0]) * e,
                self.from.center[1] + (to.center[1] - self.from.center[1]) * e,
            ],
            scale: self.from.scale * (to.scale / self.from.scale).powf(e),
        };
        (cam, t >= 1.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn memory_round_trips_and_a_running_move_is_saved_as_its_target() {
        let cam = Camera {
            center: [1.0e6, 4.0e6],
            scale: 1.0 / 2000.0,
        };
        let m = MapMemory {
            camera: Some(cam),
            animation: Some(CameraAnimation {
                from: cam,
                to_box: [120.0, 40.0, 130.0, 50.0],
                start: 3.0,
                duration: ANIMATION_SECONDS,
            }),
            ..Default::default()
        };
        let json = serde_json::to_string(&m.for_saving()).unwrap();
        let back: MapMemory = serde_json::from_str(&json).unwrap();
        assert_eq!(back.camera, Some(cam));
        assert_eq!(back.pending_view, Some([120.0, 40.0, 130.0, 50.0]));
        assert!(back.animation.is_none());
        let bad: MapMemory =
            serde_json::from_str(r#"{"camera":{"center":[0,0],"scale":-1}}"#).unwrap();
        assert!(bad.sanitized().camera.is_none());
    }
}
