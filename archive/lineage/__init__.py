"""Lineage: how each resolution of a series was negotiated from the previous one."""
