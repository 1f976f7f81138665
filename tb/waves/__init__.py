"""Waveform tooling: dump naming, GTKWave views with named markers (`views`, also the
`python -m tb.waves.views` command behind `make waves`) and the README's pictures (`png`)."""
