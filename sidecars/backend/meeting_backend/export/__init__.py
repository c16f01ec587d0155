"""Excel export: the workbook layout, the default template, validation, storage and filling."""
