"""Batch processing of an intake workbook, and the status of a batch folder."""
