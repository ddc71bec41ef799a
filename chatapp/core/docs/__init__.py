"""Local documents: extraction, chunking, embedders, the index, retrieval and chat context."""
