"""Deterministic sample data of the demo; the implementation lives in planmp_server.sample."""

from planmp_server.sample import WEIGHTS_WARNING_NOTE, DemoUserSpec, SampleData, generate

__all__ = ["WEIGHTS_WARNING_NOTE", "DemoUserSpec", "SampleData", "generate"]
