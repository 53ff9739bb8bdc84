"""The pure conversation engine: `step(state, incoming, ctx, now) -> (state, effects)`, no I/O."""
