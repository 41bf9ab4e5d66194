"""Capacity-gap models: health workforce, military spending, cyber, civic space."""
