"""Remote engines in the window: the "Add a server…" dialog, saved servers in the model picker,
and the switch that serves Kotoba's models to other apps."""
