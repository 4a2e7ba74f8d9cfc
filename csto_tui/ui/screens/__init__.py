"""Screens: help and prompts."""
