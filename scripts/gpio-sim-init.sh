#!/bin/busybox sh
# /init of the gpio-sim VM's initramfs (scripts/gpio-sim-vm.sh makes it): mounts the host's root read-only over
# 9p under a tmpfs overlay, creates a gpio-sim chip, runs the host's command in the new root, writes its output
# and exit status to the read-write share, and powers off.
/bin/busybox --install -s /bin
export PATH=/bin
mkdir -p /proc /sys /dev /out /lower /upper /newroot
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
for module in $(cat /modules/order); do
    insmod "/modules/$module.ko" || echo "init: insmod $module failed"
done
share="trans=virtio,version=9p2000.L,msize=512000"
if ! mount -t 9p -o "$share" out /out; then
    echo "init: cannot mount the results share"
    poweroff -f
fi
fail() {
    echo "init: $*" | tee -a /out/output
    echo 125 > /out/status
    sync
    poweroff -f
}
mount -t configfs configfs /sys/kernel/config || fail "cannot mount configfs"
mount -t 9p -o "$share,ro,cache=loose" hostroot /lower || fail "cannot mount the host's root"
mount -t tmpfs tmpfs /upper
mkdir -p /upper/data /upper/work
mount -t overlay overlay -o lowerdir=/lower,upperdir=/upper/data,workdir=/upper/work /newroot ||
    fail "cannot lay the overlay"

sim=/sys/kernel/config/gpio-sim/sim0
mkdir "$sim" "$sim/bank0" || fail "no gpio-sim in configfs"
cat /out/lines > "$sim/bank0/num_lines"
echo 1 > "$sim/live" || fail "cannot make the gpio-sim chip live"
chip="$(cat "$sim/bank0/chip_name")"
device="$(cat "$sim/dev_name")"

for dir in dev proc sys; do mount --bind "/$dir" "/newroot/$dir"; done
mkdir -p /newroot/dev/pts /newroot/dev/shm /newroot/run /newroot/gpiosim-out
mount -t devpts devpts /newroot/dev/pts
mount -t tmpfs tmpfs /newroot/dev/shm
mount -t tmpfs tmpfs /newroot/run
mount --bind /out /newroot/gpiosim-out

# The command file is the host's bash quoting (printf %q), which only bash reads back.
REFLEX_GPIOSIM_CHIP="$chip" REFLEX_GPIOSIM_SYSFS="/sys/devices/platform/$device/$chip" \
    REFLEX_GPIOSIM_OUT=/gpiosim-out chroot /newroot /bin/bash /gpiosim-out/command > /out/output 2>&1
echo $? > /out/status.new
mv /out/status.new /out/status
sync
umount /newroot/gpiosim-out
umount /out
poweroff -f
