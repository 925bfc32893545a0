#!/usr/bin/env bash
# Installs what the test suite needs (Debian 12 / Raspberry Pi OS, as root) and runs the whole suite.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
reflex_find_swift
reflex_apt_install "${REFLEX_BUILD_PACKAGES[@]}" "${REFLEX_TEST_PACKAGES[@]}"
swift build --build-tests
# The suite is XCTest; skipping the empty Swift Testing pass keeps its summary the closing line.
swift test --skip-build --disable-swift-testing
