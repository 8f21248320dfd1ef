"""Date formats per language (FORMAT_MODULE_PATH); whatever is not set here comes from Django."""
