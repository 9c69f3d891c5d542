"""The browser tests' harness: real `courtyard` nodes, a fake CTI gateway, headless Chromium."""
