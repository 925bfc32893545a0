# Shared by the scripts: find Swift, install missing Debian packages.
# shellcheck shell=bash

# Puts a Swift 6.1+ toolchain on PATH or stops with what to do.
reflex_find_swift() {
    if ! command -v swift >/dev/null 2>&1; then
        for dir in /opt/swift/usr/bin /usr/share/swift/usr/bin "$HOME/.local/share/swiftly/bin"; do
            if [ -x "$dir/swift" ]; then PATH="$dir:$PATH"; export PATH; break; fi
        done
    fi
    if ! command -v swift >/dev/null 2>&1; then
        echo "error: Reflex builds with Swift 6.1 or later, which Debian 12 does not package." >&2
        echo "       Install a Swift toolchain for Linux (for example with swiftly) and run this again." >&2
        exit 1
    fi
}

# Installs the given Debian packages that are not installed yet (apt-get update only when needed).
reflex_apt_install() {
    local missing=()
    for pkg in "$@"; do
        if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
            missing+=("$pkg")
        fi
    done
    if [ "${#missing[@]}" -gt 0 ]; then
        if [ "$(id -u)" -ne 0 ]; then
            echo "error: missing packages: ${missing[*]} (run as root, or: sudo apt-get install ${missing[*]})" >&2
            exit 1
        fi
        echo "Installing ${missing[*]} ..."
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq
        apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    fi
}

# What building Reflex needs.
REFLEX_BUILD_PACKAGES=(pkg-config libyaml-dev libmosquitto-dev)
# What the test suite needs besides: a real JSON Schema validator for the schema tests, a real MQTT broker
# (mosquitto, with mosquitto_passwd) and openssl to make the certificates for the TLS tests.
REFLEX_TEST_PACKAGES=(python3 python3-yaml python3-jsonschema mosquitto openssl)
