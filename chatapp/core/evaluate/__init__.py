"""The quantization lab: perplexity, KL divergence against a reference, speed and memory of a
model file, and making smaller quantizations from a 16-bit file. Qt-free and llama.cpp-free:
the runtime process does the measuring, this package holds the types, the statistics, the
reference-file format and the bundled texts."""
