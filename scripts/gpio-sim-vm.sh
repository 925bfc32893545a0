#!/usr/bin/env bash
# Runs a command inside a throwaway qemu VM that has a real GPIO chip: the kernel's gpio-sim driver.
#
#   scripts/gpio-sim-vm.sh [--lines N] [--out DIR] -- COMMAND [ARG...]
#
# The VM boots the current Debian 12 kernel with the host's root file system, read-only over 9p, under a tmpfs
# overlay, so the host's own binaries (libgpiod, the Swift toolchain, this checkout's .build) run inside it
# unchanged. Before the command runs, one gpio-sim chip with N lines (default 8) is live; the command sees
#   REFLEX_GPIOSIM_CHIP   the chip's name, such as gpiochip0
#   REFLEX_GPIOSIM_SYSFS  its sysfs folder, whose sim_gpioN/pull drives input line N and sim_gpioN/value shows
#                         what a program drives on output line N
#   REFLEX_GPIOSIM_OUT    a folder shared read-write with the host, DIR when given, else a temporary one
#                         (everything else written inside the VM is lost)
# and runs in the folder this script was started from. Its output is printed here and its exit status is this
# script's (125: the VM did not run it; the console log is printed).
#
# First run on a fresh machine: downloads the kernel packages (about 215 MB, with apt-get download: nothing is
# installed), builds gpio-sim.ko out of tree (Debian 12's kernel lacks it) and an initramfs, all kept in
# .build-gpiosim/ (REFLEX_GPIOSIM_CACHE). Later runs only boot: about 10 s under TCG on a shared 2-core machine.
#
# Host packages: qemu-system-x86 busybox-static gcc make (scripts/lib.sh, REFLEX_TEST_PACKAGES). The modules
# are loaded with busybox's insmod in a fixed order, so no depmod / kmod is needed.
set -euo pipefail

repo="$(cd "$(dirname "$0")/.." && pwd)"
cache="${REFLEX_GPIOSIM_CACHE:-$repo/.build-gpiosim}"
lines=8
keep=""
while [ $# -gt 0 ]; do
    case "$1" in
        --lines) lines="$2"; shift 2 ;;
        --out) keep="$2"; shift 2 ;;
        --) shift; break ;;
        *) echo "usage: $0 [--lines N] [--out DIR] -- COMMAND [ARG...]" >&2; exit 2 ;;
    esac
done
if [ $# -eq 0 ]; then echo "usage: $0 [--lines N] [--out DIR] -- COMMAND [ARG...]" >&2; exit 2; fi

# Modules the initramfs loads, in this order: 9p over virtio for the shares, overlay, configfs, gpio-sim.
modules=(virtio_pci_legacy_dev virtio_pci_modern_dev virtio_ring virtio virtio_pci 9pnet 9pnet_virtio netfs
    fscache 9p overlay configfs)

log() { echo "gpio-sim-vm: $*" >&2; }

for tool in qemu-system-x86_64 busybox gcc make apt-get dpkg; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        log "'$tool' is missing: run scripts/test.sh as root once, or apt-get install --no-install-recommends" \
            "qemu-system-x86 busybox-static gcc make"
        exit 125
    fi
done

# The kernel ABI the archive has now (it keeps only the current one, so it is never pinned).
current_abi() {
    local abi
    abi="$(apt-cache depends linux-image-amd64 2>/dev/null | awk '/Depends: linux-image-[0-9]/ {print $2; exit}')"
    if [ -z "$abi" ]; then
        apt-get update -qq >&2
        abi="$(apt-cache depends linux-image-amd64 2>/dev/null | awk '/Depends: linux-image-[0-9]/ {print $2; exit}')"
    fi
    [ -n "$abi" ] || { log "cannot tell the current kernel package from 'apt-cache depends linux-image-amd64'"; exit 125; }
    abi="${abi#linux-image-}"
    echo "${abi%-amd64}"
}

# Downloads and unpacks the kernel, its headers and its source; builds gpio-sim.ko and the initramfs.
prepare() {
    local abi="$1" stage="$cache/stage"
    rm -rf "$stage"
    mkdir -p "$stage/root" "$stage/module" "$stage/initramfs"
    # The packages are kept until the VM is ready, so that a failed step does not download them again.
    local debs="$cache/debs-$abi" kbuild
    if [ ! -f "$debs/complete" ]; then
        log "downloading the Debian kernel $abi packages into $cache (first run only)"
        rm -rf "$cache"/debs-*
        mkdir -p "$debs"
        kbuild="$(apt-cache depends "linux-headers-$abi-amd64" | awk '/Depends: linux-kbuild-/ {print $2; exit}')"
        (cd "$debs" && apt-get download -qq "linux-image-$abi-amd64" "linux-headers-$abi-amd64" \
            "linux-headers-$abi-common" "$kbuild" "linux-source-${kbuild#linux-kbuild-}" >/dev/null 2>&1) ||
            { log "apt-get download failed"; exit 125; }
        touch "$debs/complete"
    fi
    for deb in "$debs"/*.deb; do dpkg -x "$deb" "$stage/root"; done

    log "building gpio-sim.ko"
    local src headers
    src="$(ls "$stage/root/usr/src"/linux-source-*.tar.xz)"
    headers="$stage/root/usr/src/linux-headers-$abi-amd64"
    # One pass over the tarball: unpacking it is most of the build's time.
    tar -xJf "$src" -C "$stage/module" --strip-components=3 --wildcards '*/drivers/gpio/gpio-sim.c' \
        '*/drivers/gpio/gpiolib.h' '*/kernel/irq/irq_sim.c'
    mv "$stage/module/gpio-sim.c" "$stage/module/gpio-sim-driver.c"
    # irq_to_desc() is not exported to modules; where irq_sim.c uses it, generic_handle_irq() does the same job.
    sed -i -E 's/(generic_)?handle_(simple_)?irq(_desc)?\(irq_to_desc\(([a-z_]+)\)\)/generic_handle_irq(\4)/' "$stage/module/irq_sim.c"
    if grep -q 'irq_to_desc' "$stage/module/irq_sim.c"; then
        log "irq_sim.c still calls irq_to_desc(); the fix for this kernel version needs updating"; exit 125
    fi
    printf 'obj-m := gpio-sim.o\ngpio-sim-y := gpio-sim-driver.o irq_sim.o\n' > "$stage/module/Kbuild"
    # The headers' Makefile includes the -common one by its installed, absolute path: point it at the unpacked copy.
    sed -i "s|/usr/src/linux-headers-$abi-common|$stage/root/usr/src/linux-headers-$abi-common|g" "$headers/Makefile"
    make -s -C "$headers" M="$stage/module" modules >"$stage/module/build.log" 2>&1 ||
        { cat "$stage/module/build.log" >&2; log "building gpio-sim.ko failed"; exit 125; }

    log "making the initramfs"
    local ramfs="$stage/initramfs" kernel_modules="$stage/root/lib/modules/$abi-amd64/kernel"
    mkdir -p "$ramfs/bin" "$ramfs/modules"
    cp /bin/busybox "$ramfs/bin/busybox"
    local order="" found
    for name in "${modules[@]}"; do
        found="$(find "$kernel_modules" -name "$name.ko*" | head -n 1)"
        if [ -z "$found" ]; then continue; fi # built in
        case "$found" in
            *.ko.xz) xz -dc "$found" > "$ramfs/modules/$name.ko" ;;
            *.ko.zst) zstd -qdc "$found" > "$ramfs/modules/$name.ko" ;;
            *) cp "$found" "$ramfs/modules/$name.ko" ;;
        esac
        order="$order $name"
    done
    cp "$stage/module/gpio-sim.ko" "$ramfs/modules/gpio-sim.ko"
    echo "$order gpio-sim" > "$ramfs/modules/order"
    cp "$repo/scripts/gpio-sim-init.sh" "$ramfs/init"
    chmod +x "$ramfs/init"
    (cd "$ramfs" && find . | busybox cpio -o -H newc 2>/dev/null | gzip -1 > "$stage/initramfs.cpio.gz")
    cp "$stage/root/boot/vmlinuz-$abi-amd64" "$stage/vmlinuz"

    # Keep only what booting needs; the unpacked packages are most of the 215 MB and are not needed again.
    mkdir -p "$cache/vm"
    mv "$stage/vmlinuz" "$stage/initramfs.cpio.gz" "$cache/vm/"
    echo "$abi" > "$cache/vm/abi"
    sha256sum "$repo/scripts/gpio-sim-init.sh" | cut -d' ' -f1 > "$cache/vm/init.sha256"
    rm -rf "$stage" "$debs"
}

# A prepared VM is reused while the init script is unchanged; REFLEX_GPIOSIM_REFRESH=1 fetches the kernel anew.
want_init="$(sha256sum "$repo/scripts/gpio-sim-init.sh" | cut -d' ' -f1)"
if [ -n "${REFLEX_GPIOSIM_REFRESH:-}" ] || [ ! -f "$cache/vm/abi" ] ||
    [ "$(cat "$cache/vm/init.sha256" 2>/dev/null)" != "$want_init" ]; then
    rm -rf "$cache/vm"
    prepare "$(current_abi)"
fi

# One folder per run, shared read-write: the command, then its output and exit status.
if [ -n "$keep" ]; then
    mkdir -p "$keep"
    out="$(cd "$keep" && pwd)"
    rm -f "$out/status" "$out/output"
else
    mkdir -p "$cache/runs"
    out="$(mktemp -d "$cache/runs/run.XXXXXX")"
    trap 'rm -rf "$out"' EXIT
fi
{
    printf 'cd %q || exit 125\n' "$PWD"
    printf 'export PATH=%q\n' "$PATH"
    printf 'export HOME=%q\n' "${HOME:-/root}"
    printf '%q ' "$@"
    printf '\n'
} > "$out/command"
echo "$lines" > "$out/lines"

accel=(-accel tcg -cpu max)
# /dev/kvm may belong to a nested hypervisor that cannot boot a stock kernel: use it only with the real modules.
if [ -e /sys/module/kvm_intel ] || [ -e /sys/module/kvm_amd ]; then accel=(-accel kvm -cpu host); fi
timeout "${REFLEX_GPIOSIM_TIMEOUT:-600}" qemu-system-x86_64 -nodefaults -no-user-config -display none -no-reboot \
    "${accel[@]}" -m 512 -smp 2 -kernel "$cache/vm/vmlinuz" -initrd "$cache/vm/initramfs.cpio.gz" \
    -append "console=ttyS0 quiet loglevel=4 panic=-1" -serial "file:$out/console.log" \
    -virtfs local,path=/,mount_tag=hostroot,security_model=none,readonly=on,multidevs=remap \
    -virtfs "local,path=$out,mount_tag=out,security_model=none" >/dev/null 2>"$out/qemu.log" || true

if [ ! -f "$out/status" ]; then
    log "the VM did not run the command; its console:"
    cat "$out/qemu.log" "$out/console.log" >&2 || true
    exit 125
fi
cat "$out/output"
exit "$(cat "$out/status")"
