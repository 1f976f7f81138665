"""The scenarios' room: what to ask the drivers to do and what to conclude. The seed
report's race (`race`), its verdict from the pins (`verdict`) and reports (`report`),
the multi-VF rig and stress, random register traffic, and a hostile VF."""
