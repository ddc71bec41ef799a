"""The documents pane: collections, files, indexing, and attaching collections to a chat."""
