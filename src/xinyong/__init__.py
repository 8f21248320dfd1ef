"""Xinyong (信用): credit information management system for associations."""
