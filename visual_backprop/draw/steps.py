"""A figure's step counter and frame times: "Step k of n — phase"; 1.4 s + 30 ms a character, up to 5 s.

Written once here: hooks/figures.py labels the figures' steps with step_label(), draw/render.py
times the GIFs' frames with frame_duration(), and the browser's explorer/steps.js reads the same
numbers from the generated explorer/constants.js (draw/constants.py).
"""

__all__ = ["NARROW_MEDIA", "DURATION", "step_label", "frame_duration"]

NARROW_MEDIA = "(max-width: 42em)"  # where the figures switch to their narrow (phone) layout
DURATION = {  # milliseconds
    "base": 1400,  # every frame
    "per_character": 30,  # reading time of its text
    "most": 5000,  # a frame's time, however long its text
    "last": 2000,  # added to the last frame, before the loop starts again
    "step": 10,  # times are multiples of this
}


def step_label(step, frames, phase):
    """The counter's text: "Step 3 of 12 — backward" ("step", the default phase, is left out)."""
    return f"Step {step} of {frames}" + (f" — {phase}" if phase and phase != "step" else "")


def frame_duration(text, last=False):
    """Milliseconds to show a frame: time to read the text in it, in multiples of 10 ms."""
    d = DURATION
    ms = min(d["base"] + d["per_character"] * len(text), d["most"]) + (d["last"] if last else 0)
    return round(ms / d["step"]) * d["step"]
