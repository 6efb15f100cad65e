#!/usr/bin/env bash
# Regenerates the stortune test sysroots (fake /sys, /proc, /etc, /run/udev
# trees imitating real machines).  Every tree is removed and rebuilt from
# scratch, deterministically, so the committed trees can be checked with
#   bash tests/sysroots/build.sh && git status --porcelain tests/sysroots
#
# Usage: bash tests/sysroots/build.sh [TREE...]     (default: all trees)
#
# Conventions
#  * All paths given to the helpers are relative to the tree root $R.
#  * $K is the imitated kernel version as MAJOR*100+MINOR (310, 515, 601, ...);
#    the helpers emit only the attributes that kernel generation really has.
#  * Empty directories (holders/, slaves/, power/, mq/N/cpuM/ ...) cannot be
#    stored by git and are therefore left out.
set -euo pipefail
trap 'echo "build.sh: failed at line $LINENO" >&2' ERR
export LC_ALL=C
umask 022

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=lib.sh
. "$HERE/lib.sh"

LETTERS=abcdefghijklmnopqrstuvwxyz
TREES=(nvme-server desktop-ssd-hdd raid10-xfs raid5-misaligned lvm-luks-nvme
       virtio-vm cloud-nvme-ebs legacy-sq db-hdd-ext4 backup-raid6-xfs fileserver-hwraid
       mail-mbox bcache-hdd lvmcache nvmeof-tcp hwraid-ssd zoned-smr)


# =========================================================== 1. nvme-server
CPU_CASCADELAKE_FLAGS="fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat pse36 clflush dts acpi mmx fxsr sse sse2 ss ht tm pbe syscall nx pdpe1gb rdtscp lm constant_tsc art arch_perfmon pebs bts rep_good nopl xtopology nonstop_tsc cpuid aperfmperf pni pclmulqdq dtes64 monitor ds_cpl vmx smx est tm2 ssse3 sdbg fma cx16 xtpr pdcm pcid dca sse4_1 sse4_2 x2apic movbe popcnt tsc_deadline_timer aes xsave avx f16c rdrand lahf_lm abm 3dnowprefetch cpuid_fault epb cat_l3 cdp_l3 invpcid_single intel_ppin ssbd mba ibrs ibpb stibp ibrs_enhanced tpr_shadow vnmi flexpriority ept vpid ept_ad fsgsbase tsc_adjust bmi1 avx2 smep bmi2 erms invpcid cqm mpx rdt_a avx512f avx512dq rdseed adx smap clflushopt clwb intel_pt avx512cd avx512bw avx512vl xsaveopt xsavec xgetbv1 xsaves cqm_llc cqm_occup_llc cqm_mbm_total cqm_mbm_local dtherm ida arat pln pts hwp hwp_act_window hwp_epp hwp_pkg_req pku ospke avx512_vnni md_clear flush_l1d arch_capabilities"
CPU_INTEL_VMX="vnmi preemption_timer posted_intr invvpid ept_x_only ept_ad ept_1gb flexpriority apicv tsc_offset vtpr mtf vapic ept vpid unrestricted_guest vapic_reg vid ple shadow_vmcs pml ept_mode_based_exec tsc_scaling"

build_nvme_server() {
  begin_tree nvme-server 601
  write_kernel 6.1.0-18-amd64 "(debian-kernel@lists.debian.org) (gcc-12 (Debian 12.2.0-14) 12.2.0, GNU ld (GNU Binutils for Debian) 2.40) #1 SMP PREEMPT_DYNAMIC Debian 6.1.76-1 (2024-02-01)"
  mkdmi bios_vendor="American Megatrends Inc." bios_version=3.4 bios_date=10/23/2020 \
    bios_release=5.14 sys_vendor=Supermicro product_name=SYS-1029U-TN10RT \
    product_version=0123456789 product_family="To be filled by O.E.M." \
    product_sku="To be filled by O.E.M." board_vendor=Supermicro board_name=X11DPU \
    board_version=1.10 board_asset_tag="To be filled by O.E.M." chassis_vendor=Supermicro \
    chassis_type=17 chassis_version=0123456789 chassis_asset_tag="To be filled by O.E.M."
  write_cpuinfo 16 vendor=GenuineIntel family=6 model=85 stepping=7 ucode=0x5003604 \
    name="Intel(R) Xeon(R) Silver 4208 CPU @ 2.10GHz" mhz=2100.000 cache=11264 \
    cores=8 threads=2 cpuid=22 flags="$CPU_CASCADELAKE_FLAGS" vmxflags="$CPU_INTEL_VMX" \
    bugs="spectre_v1 spectre_v2 spec_store_bypass swapgs taa itlb_multihit mmio_stale_data retbleed eibrs_pbrsb gds bhi" \
    bogo=4200.00 addr="46 bits physical, 48 bits virtual"
  local mem=65692304
  write_meminfo $mem 48213012 61722368 412236 13015336 0 0 6291456

  # Samsung PM983 U.2 (3.84 TB) split into two namespaces
  PCI_NUMA=0
  local pci=sys/devices/pci0000:5d/0000:5d:00.0/0000:5e:00.0
  mkpci "$pci" 0x144d 0xa808 0x010802 nvme 0x144d 0xa801
  local c=$pci/nvme/nvme0
  mknvme "$c" 0 241 "SAMSUNG MZQLB3T8HALS-00007" S438NA0N801234 EDA5702Q \
    "nqn.1994-11.com.samsung:nvme:PM983:2.5-inch:S438NA0N801234" 4 17
  PCI_NUMA=-1

  local n1=1875385008 n2=5626091520 e
  mkdisk nvme0n1 "$c/nvme0n1" 259 0 $n1 range=0 seq=1 dev="$c" io=1843210,2210455,1204,0 lat=4
  q_nvme hwq=16 cpus=16 sched="[none] mq-deadline kyber bfq "
  mkqueue nvme0n1
  nvme_ns nvme0n1 1 eui.3438334e528012340025384500000001 \
    nguid=3438334e-5280-1234-0025-384500000001
  mkpart nvme0n1 nvme0n1p1 1 259 1 2048 1048576 io=312,2,0,0 lat=4
  e=$(gpt_end $n1)
  mkpart nvme0n1 nvme0n1p2 2 259 2 1050624 $((e - 1050624)) io=1842601,2210441,1204,0 lat=4
  mkdisk nvme0n2 "$c/nvme0n2" 259 3 $n2 range=0 seq=2 dev="$c" io=98442113,40221987,88210,0 lat=6
  q_nvme hwq=16 cpus=16 sched="[none] mq-deadline kyber bfq "
  mkqueue nvme0n2
  nvme_ns nvme0n2 2 eui.3438334e528012340025384500000002 \
    nguid=3438334e-5280-1234-0025-384500000002

  {
    mi_systemd 259:2 /dev/nvme0n1p2 xfs rw,relatime \
      rw,attr2,inode64,logbufs=8,logbsize=32k,noquota udev $mem
    cat <<'EOF'
62 28 259:1 / /boot/efi rw,relatime shared:31 - vfat /dev/nvme0n1p1 rw,fmask=0077,dmask=0077,codepage=437,iocharset=ascii,shortname=mixed,utf8,errors=remount-ro
64 28 259:3 / /data rw,noatime shared:33 - xfs /dev/nvme0n2 rw,attr2,inode64,logbufs=8,logbsize=32k,noquota
EOF
  } | write_mountinfo
  write_swaps </dev/null
  write_vm dirty_ratio=0 dirty_background_ratio=0 dirty_bytes=2147483648 \
    dirty_background_bytes=536870912 dirty_expire_centisecs=1500 \
    dirty_writeback_centisecs=500 swappiness=10 vfs_cache_pressure=100 \
    min_free_kbytes=90112 overcommit_memory=0 page-cluster=3 laptop_mode=0 \
    zone_reclaim_mode=0 dirtytime_expire_seconds=43200
  wcat etc/fstab <<'EOF'
# /etc/fstab: static file system information.
#
# Use 'blkid' to print the universally unique identifier for a
# device; this may be used with UUID= as a more robust way to name devices
# that works even if disks are added and removed. See fstab(5).
#
# <file system> <mount point>   <type>  <options>       <dump>  <pass>
# / was on /dev/nvme0n1p2 during installation
UUID=6f1c2d4e-8b3a-4c5d-9e7f-0a1b2c3d4e5f /               xfs     defaults        0       0
# /boot/efi was on /dev/nvme0n1p1 during installation
UUID=7A3B-1C2D  /boot/efi       vfat    umask=0077      0       1
UUID=c0ffee00-1234-4abc-8def-0123456789ab /data xfs noatime 0 0
EOF
  w etc/os-release 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"' 'NAME="Debian GNU/Linux"' \
    'VERSION_ID="12"' 'VERSION="12 (bookworm)"' 'VERSION_CODENAME=bookworm' 'ID=debian'
  end_tree
}

# ======================================================= 2. desktop-ssd-hdd
CPU_ZEN3_FLAGS="fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat pse36 clflush mmx fxsr sse sse2 ht syscall nx mmxext fxsr_opt pdpe1gb rdtscp lm constant_tsc rep_good nopl nonstop_tsc cpuid extd_apicid aperfmperf rapl pni pclmulqdq monitor ssse3 fma cx16 sse4_1 sse4_2 movbe popcnt aes xsave avx f16c rdrand lahf_lm cmp_legacy svm extapic cr8_legacy abm sse4a misalignsse 3dnowprefetch osvw ibs skinit wdt tce topoext perfctr_core perfctr_nb bpext perfctr_llc mwaitx cpb cat_l3 cdp_l3 hw_pstate ssbd mba ibrs ibpb stibp vmmcall fsgsbase bmi1 avx2 smep bmi2 erms invpcid cqm rdt_a rdseed adx smap clflushopt clwb sha_ni xsaveopt xsavec xgetbv1 xsaves cqm_llc cqm_occup_llc cqm_mbm_total cqm_mbm_local user_shstk clzero irperf xsaveerptr rdpru wbnoinvd arat npt lbrv svm_lock nrip_save tsc_scale vmcb_clean flushbyasid decodeassists pausefilter pfthreshold avic v_vmsave_vmload vgif v_spec_ctrl umip pku ospke vaes vpclmulqdq rdpid overflow_recov succor smca fsrm debug_swap"

build_desktop_ssd_hdd() {
  begin_tree desktop-ssd-hdd 601
  write_kernel 6.1.0-25-amd64 "(debian-kernel@lists.debian.org) (gcc-12 (Debian 12.2.0-14) 12.2.0, GNU ld (GNU Binutils for Debian) 2.40) #1 SMP PREEMPT_DYNAMIC Debian 6.1.106-3 (2024-08-26)"
  mkdmi bios_vendor="American Megatrends Inc." bios_version=3611 bios_date=12/07/2023 \
    bios_release=5.17 sys_vendor=ASUS product_name="System Product Name" \
    product_version="System Version" product_family="To be filled by O.E.M." \
    product_sku=SKU board_vendor="ASUSTeK COMPUTER INC." \
    board_name="ROG STRIX B550-F GAMING" board_version="Rev X.0x" \
    board_asset_tag="Default string" chassis_vendor="Default string" chassis_type=3 \
    chassis_version="Default string" chassis_asset_tag="Default string"
  write_cpuinfo 16 vendor=AuthenticAMD family=25 model=33 stepping=0 ucode=0xa201210 \
    name="AMD Ryzen 7 5800X 8-Core Processor" mhz=3800.000 cache=512 cores=8 threads=2 \
    cpuid=16 flags="$CPU_ZEN3_FLAGS" bugs="sysret_ss_attrs spectre_v1 spectre_v2 spec_store_bypass srso" \
    bogo=7600.12 tlb="2560 4K pages" addr="48 bits physical, 48 bits virtual" \
    pm="ts ttp tm hwpstate cpb eff_freq_ro [13] [14]"
  local mem=32791268 swap=16777212
  write_meminfo $mem 18230556 26617248 402112 8412392 $swap 16518140 5242880
  BDI_MAXB=5276041216

  # AMD 500-series chipset AHCI controller
  local pci=sys/devices/pci0000:00/0000:00:01.2/0000:02:00.1
  mkpci "$pci" 0x1022 0x43eb 0x010601 ahci 0x1b21 0x1062
  local h
  for h in 0 1 2 3 4 5; do
    mkshost "$pci/ata$((h + 1))/host$h" $h ahci can_queue=32 cmd_per_lun=1 \
      sg_tablesize=168 nr_hw_queues=1 link_power_management_policy=max_performance \
      em_message_type=0 ahci_host_caps=0xf734ff05 ahci_host_version=10301
  done

  # sda: Samsung 870 EVO 1TB (SATA SSD)
  local sd0=$pci/ata1/host0/target0:0:0/0:0:0:0
  mksdev "$sd0" 0 ATA "Samsung SSD 870 EVO 1TB" "$(ata_rev SVT02B6Q)" 32 \
    naa.5002538f42b1c3d4 6 ncq_prio_enable=0 unload_heads=0
  mksdisk "$sd0" cache_type="write back" FUA=0 provisioning_mode=unmap \
    thin_provisioning=1 max_write_same_blocks=0 zeroing_mode=write
  local n=1953525168 e
  mkdisk sda "$sd0/block/sda" 8 0 $n seq=1 dev="$sd0" io=913221,1502216,20455,160219 lat=9
  q_ata rot=0 sched="[mq-deadline] kyber bfq none" dgran=512 dmax=2147450880 \
    dmaxhw=2147450880 wbt=2000
  mkqueue sda
  e=$(gpt_end $n)
  local swstart=$((e - 33554432))
  mkpart sda sda1 1 8 1 2048 1048576 partname="EFI System Partition" io=402,1,0,0 lat=9
  mkpart sda sda2 2 8 2 1050624 $((swstart - 1050624)) io=910311,1501921,20455,0 lat=9
  mkpart sda sda3 3 8 3 $swstart 33554432 io=2401,288,0,0 lat=9

  # sdb: Seagate BarraCuda 4TB (512e SATA HDD), BFQ
  local sd1=$pci/ata2/host1/target1:0:0/1:0:0:0
  mksdev "$sd1" 0 ATA "ST4000DM004-2CV104" "$(ata_rev 0001)" 32 \
    naa.5000c500c4e2a1b7 6 ncq_prio_enable=0 unload_heads=0
  mksdisk "$sd1" cache_type="write back" FUA=0 provisioning_mode=full \
    thin_provisioning=0 max_write_same_blocks=0 zeroing_mode=write
  n=7814037168
  mkdisk sdb "$sd1/block/sdb" 8 16 $n seq=2 dev="$sd1" io=203114,88412,0,21344 lat=410
  q_ata rot=1 sched="mq-deadline kyber [bfq] none" pbs=4096 minio=4096 addrand=1 \
    wbt=0 timeout_sync=124
  mkqueue sdb
  e=$(gpt_end $n)
  mkpart sdb sdb1 1 8 17 2048 $((e - 2048)) io=202990,88410,0,0 lat=410

  # sr0: LG DVD writer, no disc
  local sr=$pci/ata5/host4/target4:0:0/4:0:0:0
  mksdev "$sr" 5 HL-DT-ST "DVD+-RW GH24NSD1" LG00 1 "" 5
  mkdisk sr0 "$sr/block/sr0" 11 0 0 removable=1 range=1 extrange=1 seq=3 dev="$sr" \
    events="media_change eject_request" io=12,0,0,0 lat=300
  q_ata rot=1 sched="[mq-deadline] kyber bfq none" lbs=2048 pbs=2048 minio=2048 \
    maxkb=128 maxhwkb=128 wc="write through" addrand=1 wbt=75000
  mkqueue sr0

  {
    mi_systemd 8:2 /dev/sda2 ext4 rw,noatime rw,errors=remount-ro udev $mem
    cat <<'EOF'
63 28 8:1 / /boot/efi rw,relatime shared:32 - vfat /dev/sda1 rw,fmask=0077,dmask=0077,codepage=437,iocharset=ascii,shortname=mixed,utf8,errors=remount-ro
65 28 8:17 / /home rw,relatime shared:34 - ext4 /dev/sdb1 rw
512 26 0:48 / /run/user/1000 rw,nosuid,nodev,relatime shared:347 - tmpfs tmpfs rw,size=3279124k,nr_inodes=819781,mode=700,uid=1000,gid=1000,inode64
EOF
  } | write_mountinfo
  echo "/dev/sda3 $swap 259072 -2" | write_swaps
  write_vm dirty_ratio=20 dirty_background_ratio=10 dirty_bytes=0 dirty_background_bytes=0 \
    dirty_expire_centisecs=3000 dirty_writeback_centisecs=500 swappiness=60 \
    vfs_cache_pressure=100 min_free_kbytes=67584 overcommit_memory=0 page-cluster=3 \
    laptop_mode=0 zone_reclaim_mode=0 dirtytime_expire_seconds=43200
  wcat etc/fstab <<'EOF'
# /etc/fstab: static file system information.
#
# Use 'blkid' to print the universally unique identifier for a
# device; this may be used with UUID= as a more robust way to name devices
# that works even if disks are added and removed. See fstab(5).
#
# <file system> <mount point>   <type>  <options>       <dump>  <pass>
# / was on /dev/sda2 during installation
UUID=3e6a8f0d-52c4-4b7e-9a10-5d2c8e1f7b34 /               ext4    noatime,errors=remount-ro 0       1
# /boot/efi was on /dev/sda1 during installation
UUID=5C1E-9A27  /boot/efi       vfat    umask=0077      0       1
# /home was on /dev/sdb1 during installation
UUID=a7d4c2e9-1f3b-4e8a-b6d5-0c9e2f4a7b18 /home           ext4    defaults        0       2
# swap was on /dev/sda3 during installation
UUID=e2b9d1c4-7a6f-4f3e-8d2c-91b0a5c7e6f3 none            swap    sw              0       0
/dev/sr0        /media/cdrom0   udf,iso9660 user,noauto     0       0
EOF
  w etc/os-release 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"' 'NAME="Debian GNU/Linux"' \
    'VERSION_ID="12"' 'VERSION="12 (bookworm)"' 'VERSION_CODENAME=bookworm' 'ID=debian'
  w etc/udev/rules.d/60-ioschedulers.rules \
    '# HDDs get BFQ, SSDs keep mq-deadline' \
    'ACTION=="add|change", KERNEL=="sd[a-z]", ATTR{queue/rotational}=="1", ATTR{queue/scheduler}="bfq"'

  # udev database
  UDEV_BASE=3104221
  local ua0=(model="Samsung SSD 870 EVO 1TB" serial=S6PTNZ0R612345A fw=SVT02B6Q
            wwn=0x5002538f42b1c3d4 port=pci-0000:02:00.1-ata-1 seq=1
            pt=8f3d2a61-4c7b-4e95-a1d8-6b2f0e9c3a57)
  local ua1=(model=ST4000DM004-2CV104 serial=ZFN1ABCD fw=0001 wwn=0x5000c500c4e2a1b7
            port=pci-0000:02:00.1-ata-2 seq=2 pt=2d7b9e14-6c3a-4f81-b5e2-8a0d4c6f1e93)
  local lin=0fc63daf-8483-4772-8e79-3d69d8477de4
  udev_ata 8:0 "${ua0[@]}"
  udev_ata 8:1 "${ua0[@]}" part=1 partuuid=0c2f7e51-3a9d-4b68-8e21-7f5d9c0b4a13 \
    ptype=c12a7328-f81f-11d2-ba4b-00a0c93ec93b start=2048 size=1048576 disk=8:0 \
    pname="EFI\x20System\x20Partition" fstype=vfat fsuuid=5C1E-9A27 fsver=FAT32 \
    usage=filesystem
  udev_ata 8:2 "${ua0[@]}" part=2 partuuid=5b8e1d7c-2f4a-4c93-9b06-e3a7d1f8c254 \
    ptype=$lin start=1050624 size="$(cat "$R/${DP[sda2]}/size")" disk=8:0 fstype=ext4 \
    fsuuid=3e6a8f0d-52c4-4b7e-9a10-5d2c8e1f7b34 fsver=1.0 usage=filesystem
  udev_ata 8:3 "${ua0[@]}" part=3 partuuid=9d4a6c2e-8b1f-4e7d-a3c5-16f0b8e2d9a7 \
    ptype=0657fd6d-a4ab-43c4-84e5-0933c84b4f4f start=$swstart size=33554432 disk=8:0 \
    fstype=swap fsuuid=e2b9d1c4-7a6f-4f3e-8d2c-91b0a5c7e6f3 fsver=1 usage=other
  udev_ata 8:16 "${ua1[@]}" rpm=5400
  udev_ata 8:17 "${ua1[@]}" part=1 partuuid=61c3e8a2-9d4f-4b7a-8e15-c2a9f0d6b384 \
    ptype=$lin start=2048 size="$(cat "$R/${DP[sdb1]}/size")" disk=8:16 fstype=ext4 \
    fsuuid=a7d4c2e9-1f3b-4e8a-b6d5-0c9e2f4a7b18 fsver=1.0 usage=filesystem
  udevdb 11:0 <<EOF
S:cdrom
S:disk/by-id/ata-HL-DT-ST_DVD+-RW_GH24NSD1_K1XG7C42517
S:disk/by-diskseq/3
S:disk/by-path/pci-0000:02:00.1-ata-5.0
S:disk/by-path/pci-0000:02:00.1-ata-5
E:ID_CDROM=1
E:SYSTEMD_MOUNT_DEVICE_BOUND=1
E:ID_CDROM_CD=1
E:ID_CDROM_CD_R=1
E:ID_CDROM_CD_RW=1
E:ID_CDROM_DVD=1
E:ID_CDROM_DVD_R=1
E:ID_CDROM_DVD_RW=1
E:ID_CDROM_DVD_PLUS_R=1
E:ID_CDROM_DVD_PLUS_RW=1
E:ID_CDROM_MRW=1
E:ID_CDROM_MRW_W=1
E:ID_ATA=1
E:ID_TYPE=cd
E:ID_BUS=ata
E:ID_MODEL=HL-DT-ST_DVD+-RW_GH24NSD1
E:ID_REVISION=LG00
E:ID_SERIAL=HL-DT-ST_DVD+-RW_GH24NSD1_K1XG7C42517
E:ID_SERIAL_SHORT=K1XG7C42517
E:ID_PATH=pci-0000:02:00.1-ata-5.0
E:ID_PATH_TAG=pci-0000_02_00_1-ata-5_0
E:ID_SCSI=1
EOF
  end_tree
}

# =========================================================== 3. raid10-xfs
CPU_COFFEELAKE_FLAGS="fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat pse36 clflush dts acpi mmx fxsr sse sse2 ss ht tm pbe syscall nx pdpe1gb rdtscp lm constant_tsc art arch_perfmon pebs bts rep_good nopl xtopology nonstop_tsc cpuid aperfmperf pni pclmulqdq dtes64 monitor ds_cpl vmx smx est tm2 ssse3 sdbg fma cx16 xtpr pdcm pcid sse4_1 sse4_2 x2apic movbe popcnt tsc_deadline_timer aes xsave avx f16c rdrand lahf_lm abm 3dnowprefetch cpuid_fault epb invpcid_single ssbd ibrs ibpb stibp ibrs_enhanced tpr_shadow vnmi flexpriority ept vpid ept_ad fsgsbase tsc_adjust sgx bmi1 avx2 smep bmi2 erms invpcid mpx rdseed adx smap clflushopt intel_pt xsaveopt xsavec xgetbv1 xsaves dtherm ida arat pln pts hwp hwp_notify hwp_act_window hwp_epp md_clear flush_l1d arch_capabilities"

build_raid10_xfs() {
  begin_tree raid10-xfs 601
  write_kernel 6.1.0-23-amd64 "(debian-kernel@lists.debian.org) (gcc-12 (Debian 12.2.0-14) 12.2.0, GNU ld (GNU Binutils for Debian) 2.40) #1 SMP PREEMPT_DYNAMIC Debian 6.1.99-1 (2024-07-15)"
  mkdmi bios_vendor="American Megatrends Inc." bios_version=2.1 bios_date=06/18/2021 \
    bios_release=5.14 sys_vendor=Supermicro product_name="Super Server" \
    product_version=0123456789 product_family="To be filled by O.E.M." \
    product_sku="To be filled by O.E.M." board_vendor=Supermicro board_name=X11SCL-F \
    board_version=1.02 board_asset_tag="To be filled by O.E.M." chassis_vendor=Supermicro \
    chassis_type=17 chassis_version=0123456789 chassis_asset_tag="To be filled by O.E.M."
  write_cpuinfo 12 vendor=GenuineIntel family=6 model=158 stepping=10 ucode=0xf4 \
    name="Intel(R) Xeon(R) E-2236 CPU @ 3.40GHz" mhz=3400.000 cache=12288 cores=6 \
    threads=2 cpuid=22 flags="$CPU_COFFEELAKE_FLAGS" vmxflags="$CPU_INTEL_VMX" \
    bugs="spectre_v1 spectre_v2 spec_store_bypass swapgs taa itlb_multihit srbds mmio_stale_data retbleed eibrs_pbrsb gds" \
    bogo=6799.81 addr="39 bits physical, 48 bits virtual"
  local mem=32618420
  write_meminfo $mem 3120644 28907176 2212040 24510388 0 0
  # Intel C246 AHCI
  local pci=sys/devices/pci0000:00/0000:00:17.0 h
  mkpci "$pci" 0x8086 0xa352 0x010601 ahci 0x15d9 0x1c48
  for h in 0 1 2 3 4 5 6 7; do
    mkshost "$pci/ata$((h + 1))/host$h" $h ahci can_queue=32 cmd_per_lun=1 \
      sg_tablesize=168 nr_hw_queues=1 link_power_management_policy=max_performance \
      em_message_type=0
  done

  # four Seagate Exos 7E8 2TB (512n) with one Linux RAID partition each
  local n=3907029168 e; e=$(gpt_end $n)
  local psize=$((e - 2048))
  local comp_s=$(((psize - 264192) / 1024 * 1024))
  local -a ser=(ZC20A1B1 ZC20A1C7 ZC20A2D4 ZC20A3F9)
  local -a wwn=(0x5000c500b1a2c301 0x5000c500b1a2c3a2 0x5000c500b1a2c443 0x5000c500b1a2c5e4)
  local -a sub=(0b6d2f18-3c4a-4e71-9a5d-7e2b8c1f0a36 4f8e1a27-9b3c-4d56-8e07-2a1c6b9d3f48
                8a3c5e71-2d4f-4b98-a6e1-5c7d0f2b9e14 c1e7b94a-6f2d-4385-b0a9-3d8e5f1c7a62)
  local -a pu=(7d3a1c5e-0f92-4b8a-9e61-2c4f8b0d7a13 2e9b6f41-7c3d-4a05-b8e2-91d0c5a7f364
               9f4c2a87-5e1b-4d36-a0c9-6b3e8d2f1a75 5a8d0e36-1b7f-4c92-8d4a-e7f2c9b61d08)
  local i nm
  for i in 0 1 2 3; do
    nm=sd${LETTERS:i:1}
    local sdv=$pci/ata$((i + 1))/host$i/target$i:0:0/$i:0:0:0
    mksdev "$sdv" 0 ATA "ST2000NM0055-1V4104" "$(ata_rev SN04)" 32 "naa.${wwn[$i]#0x}" 6 \
      ncq_prio_enable=0 unload_heads=0
    mksdisk "$sdv" cache_type="write back" FUA=0 provisioning_mode=full \
      thin_provisioning=0 max_write_same_blocks=0 zeroing_mode=write
    mkdisk "$nm" "$sdv/block/$nm" 8 $((i * 16)) $n seq=$((i + 1)) dev="$sdv" \
      io=$((4402311 + i * 1237)),$((2211880 + i * 311)),0,18221 lat=600
    q_ata rot=1 sched="[mq-deadline] none" addrand=1 wbt=75000
    mkqueue "$nm"
    mkpart "$nm" "${nm}1" 1 8 $((i * 16 + 1)) 2048 $psize io=$((4402011 + i * 1237)),$((2211870 + i * 311)),0,0 lat=600
  done
  # Intel D3-S4510 240GB system SSD
  local sdv=$pci/ata5/host4/target4:0:0/4:0:0:0
  mksdev "$sdv" 0 ATA "INTEL SSDSC2KB240G8" "$(ata_rev XCV10132)" 32 naa.55cd2e415123abcd 6 \
    ncq_prio_enable=0 unload_heads=0
  mksdisk "$sdv" cache_type="write back" FUA=0 provisioning_mode=unmap \
    thin_provisioning=1 max_write_same_blocks=0 zeroing_mode=write
  local ns=468862128
  mkdisk sde "$sdv/block/sde" 8 64 $ns seq=5 dev="$sdv" io=211802,901223,4102,88123 lat=8
  q_ata rot=0 sched="[mq-deadline] none" dgran=512 dmax=2147450880 dmaxhw=2147450880 \
    pbs=4096 minio=4096
  mkqueue sde
  e=$(gpt_end $ns)
  mkpart sde sde1 1 8 65 2048 1048576 io=330,2,0,0 lat=8
  mkpart sde sde2 2 8 66 1050624 $((e - 1050624)) io=211401,901219,4102,0 lat=8

  # md0: RAID10 near=2 over sd[a-d]1, 512 KiB chunk
  mkmd md0 0 $((comp_s * 2)) raid10 258 524288 $((comp_s / 2)) 6 19003221,8020117,0,0 \
    sda1 sdb1 sdc1 sdd1 uuid=5f2a9c1e-7b3d-4e8a-91c0-f6d24e8b7a13
  qdef
  qset mode=bio rot=1 ra=2048 maxkb=1280 maxhwkb=32767 minio=524288 optio=1048576 \
    segs=168 segsz=65536 dmaalign=511 wc="write back" fua=0 iostats=1
  mkqueue md0
  w proc/mdstat \
    "Personalities : [raid10] [linear] [multipath] [raid0] [raid1] [raid6] [raid5] [raid4] " \
    "md0 : active raid10 sdd1[3] sdc1[2] sdb1[1] sda1[0]" \
    "      $((comp_s)) blocks super 1.2 512K chunks 2 near-copies [4/4] [UUUU]" \
    "      bitmap: 0/15 pages [0KB], 65536KB chunk" "" "unused devices: <none>"

  {
    mi_systemd 8:66 /dev/sde2 ext4 rw,relatime rw,errors=remount-ro udev $mem
    cat <<'EOF'
62 28 8:65 / /boot/efi rw,relatime shared:31 - vfat /dev/sde1 rw,fmask=0077,dmask=0077,codepage=437,iocharset=ascii,shortname=mixed,utf8,errors=remount-ro
64 28 9:0 / /srv rw,relatime shared:33 - xfs /dev/md0 rw,attr2,inode64,logbufs=8,logbsize=256k,sunit=1024,swidth=2048,noquota
EOF
  } | write_mountinfo
  write_swaps </dev/null
  write_vm dirty_ratio=10 dirty_background_ratio=5 dirty_bytes=0 dirty_background_bytes=0 \
    dirty_expire_centisecs=3000 dirty_writeback_centisecs=500 swappiness=30 \
    vfs_cache_pressure=50 min_free_kbytes=67584 overcommit_memory=0 page-cluster=3 \
    laptop_mode=0 zone_reclaim_mode=0 dirtytime_expire_seconds=43200
  wcat etc/fstab <<'EOF'
# /etc/fstab: static file system information.
#
# <file system> <mount point>   <type>  <options>       <dump>  <pass>
UUID=8c1f4e2a-6b3d-4a97-b5e0-d2c7f9a1e836 /               ext4    errors=remount-ro 0       1
UUID=2B4D-7E91  /boot/efi       vfat    umask=0077      0       1
UUID=e41b7c93-5d2a-4f86-a1c8-9b0e3d7f2a54 /srv            xfs     defaults        0       2
EOF
  w etc/os-release 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"' 'NAME="Debian GNU/Linux"' \
    'VERSION_ID="12"' 'VERSION="12 (bookworm)"' 'VERSION_CODENAME=bookworm' 'ID=debian'
  wcat etc/mdadm/mdadm.conf <<'EOF'
# mdadm.conf
HOMEHOST <system>
MAILADDR root
ARRAY /dev/md/0  metadata=1.2 UUID=5f2a9c1e:7b3d4e8a:91c0f6d2:4e8b7a13 name=storage01:0
EOF

  UDEV_BASE=2811034
  local mdu=5f2a9c1e-7b3d-4e8a-91c0-f6d24e8b7a13
  for i in 0 1 2 3; do
    nm=sd${LETTERS:i:1}
    local pt; pt=$(printf '3c%06x-81a2-4d5e-9f60-1b2c3d4e5f6%x' $((0x7a91b0 + i)) "$i")
    local common=(model="ST2000NM0055-1V4104" serial="${ser[$i]}" fw=SN04 wwn="${wwn[$i]}"
                  port="pci-0000:00:17.0-ata-$((i + 1))" seq=$((i + 1)) pt="$pt")
    udev_ata "8:$((i * 16))" "${common[@]}" rpm=7200
    udev_ata "8:$((i * 16 + 1))" "${common[@]}" part=1 partuuid="${pu[$i]}" \
      ptype=a19d880f-05fc-4d3b-a006-743f0f84911e start=2048 size=$psize \
      disk="8:$((i * 16))" fstype=linux_raid_member fsuuid=$mdu fsver=1.2 usage=raid \
      label=storage01:0 fssub="${sub[$i]}" pname=raid$i \
      extra="E:UDISKS_MD_MEMBER_LEVEL=raid10|E:UDISKS_MD_MEMBER_DEVICES=4|E:UDISKS_MD_MEMBER_UUID=5f2a9c1e:7b3d4e8a:91c0f6d2:4e8b7a13|E:UDISKS_MD_MEMBER_NAME=storage01:0|E:UDISKS_MD_MEMBER_METADATA=1.2"
  done
  local common=(model="INTEL SSDSC2KB240G8" serial=PHYF912345AB240AGN fw=XCV10132
                wwn=0x55cd2e415123abcd port=pci-0000:00:17.0-ata-5 seq=5
                pt=a6d2c81f-3e4b-4f7a-9c05-d81e2b7f4a93)
  udev_ata 8:64 "${common[@]}"
  udev_ata 8:65 "${common[@]}" part=1 partuuid=1f7c3a92-5b8e-4d14-a6f0-c29e7d3b5a81 \
    ptype=c12a7328-f81f-11d2-ba4b-00a0c93ec93b start=2048 size=1048576 disk=8:64 \
    fstype=vfat fsuuid=2B4D-7E91 fsver=FAT32 usage=filesystem
  udev_ata 8:66 "${common[@]}" part=2 partuuid=84e2b6d1-9c3f-4a57-b8e0-3f1d7c5a9e26 \
    ptype=0fc63daf-8483-4772-8e79-3d69d8477de4 start=1050624 \
    size="$(cat "$R/${DP[sde2]}/size")" disk=8:64 fstype=ext4 \
    fsuuid=8c1f4e2a-6b3d-4a97-b5e0-d2c7f9a1e836 fsver=1.0 usage=filesystem
  udevdb 9:0 <<EOF
S:md/0
S:disk/by-id/md-name-storage01:0
S:disk/by-id/md-uuid-5f2a9c1e:7b3d4e8a:91c0f6d2:4e8b7a13
S:disk/by-uuid/e41b7c93-5d2a-4f86-a1c8-9b0e3d7f2a54
E:MD_LEVEL=raid10
E:MD_DEVICES=4
E:MD_METADATA=1.2
E:MD_UUID=5f2a9c1e:7b3d4e8a:91c0f6d2:4e8b7a13
E:MD_DEVNAME=0
E:MD_NAME=storage01:0
E:MD_DEVICE_ev_sda1_ROLE=0
E:MD_DEVICE_ev_sda1_DEV=/dev/sda1
E:MD_DEVICE_ev_sdb1_ROLE=1
E:MD_DEVICE_ev_sdb1_DEV=/dev/sdb1
E:MD_DEVICE_ev_sdc1_ROLE=2
E:MD_DEVICE_ev_sdc1_DEV=/dev/sdc1
E:MD_DEVICE_ev_sdd1_ROLE=3
E:MD_DEVICE_ev_sdd1_DEV=/dev/sdd1
E:ID_FS_UUID=e41b7c93-5d2a-4f86-a1c8-9b0e3d7f2a54
E:ID_FS_UUID_ENC=e41b7c93-5d2a-4f86-a1c8-9b0e3d7f2a54
E:ID_FS_TYPE=xfs
E:ID_FS_USAGE=filesystem
E:SYSTEMD_WANTS=mdmonitor.service
E:UDISKS_MD_LEVEL=raid10
E:UDISKS_MD_DEVICES=4
E:UDISKS_MD_METADATA=1.2
E:UDISKS_MD_UUID=5f2a9c1e:7b3d4e8a:91c0f6d2:4e8b7a13
E:UDISKS_MD_DEVNAME=0
E:UDISKS_MD_NAME=storage01:0
EOF
  end_tree
}

# ===================================================== 4. raid5-misaligned
build_raid5_misaligned() {
  begin_tree raid5-misaligned 515
  write_kernel 5.15.0-119-generic "(buildd@lcy02-amd64-033) (gcc (Ubuntu 11.4.0-1ubuntu1~22.04) 11.4.0, GNU ld (GNU Binutils for Ubuntu) 2.38) #129-Ubuntu SMP Fri Aug 2 19:25:20 UTC 2024"
  mkdmi bios_vendor=HPE bios_version=U48 bios_date=04/10/2023 bios_release=2.80 \
    sys_vendor=HPE product_name="ProLiant MicroServer Gen10 Plus" product_version="" \
    product_family="ProLiant" product_sku=P16006-421 board_vendor=HPE \
    board_name="ProLiant MicroServer Gen10 Plus" board_version="" chassis_vendor=HPE \
    chassis_type=7 chassis_version=""
  write_cpuinfo 4 vendor=GenuineIntel family=6 model=158 stepping=10 ucode=0xf4 \
    name="Intel(R) Xeon(R) E-2224 CPU @ 3.40GHz" mhz=3400.000 cache=8192 cores=4 \
    cpuid=22 flags="${CPU_COFFEELAKE_FLAGS/ ht / }" vmxflags="$CPU_INTEL_VMX" \
    bugs="spectre_v1 spectre_v2 spec_store_bypass swapgs taa itlb_multihit srbds mmio_stale_data retbleed eibrs_pbrsb gds" \
    bogo=6799.81 addr="39 bits physical, 48 bits virtual"
  local mem=16207788
  write_meminfo $mem 612344 13924012 1420332 12002516 0 0
  local pci=sys/devices/pci0000:00/0000:00:17.0 h
  mkpci "$pci" 0x8086 0xa352 0x010601 ahci 0x1590 0x028f
  for h in 0 1 2 3 4 5; do
    mkshost "$pci/ata$((h + 1))/host$h" $h ahci can_queue=32 cmd_per_lun=1 \
      sg_tablesize=168 use_blk_mq=1 link_power_management_policy=max_performance \
      em_message_type=0
  done
  # three WD Red 4TB, 512e (512 logical / 4096 physical), whole-disk md members
  local n=7814037168 i nm
  local -a ser=(WD-WCC7K1HX4RJZ WD-WCC7K3PL9T2E WD-WCC7K5AC0F7N)
  local -a wwn=(0x50014ee2b9c1a4d7 0x50014ee20e6f3b18 0x50014ee2644d8e29)
  for i in 0 1 2; do
    nm=sd${LETTERS:i:1}
    local sdv=$pci/ata$((i + 1))/host$i/target$i:0:0/$i:0:0:0
    mksdev "$sdv" 0 ATA "WDC WD40EFRX-68N32N0" "$(ata_rev 82.00A82)" 32 "naa.${wwn[$i]#0x}" 6 \
      ncq_prio_enable=0 unload_heads=0
    mksdisk "$sdv" cache_type="write back" FUA=0 provisioning_mode=full \
      thin_provisioning=0 max_write_same_blocks=0 zeroing_mode=write
    mkdisk "$nm" "$sdv/block/$nm" 8 $((i * 16)) $n seq=$((i + 1)) dev="$sdv" \
      io=$((12044211 + i * 4409)),$((30221907 + i * 991)),0,0 lat=900
    q_ata rot=1 sched="[mq-deadline] none" pbs=4096 minio=4096 addrand=1 wbt=75000
    mkqueue "$nm"
  done
  # Crucial MX500 500GB system SSD
  local sdv=$pci/ata4/host3/target3:0:0/3:0:0:0
  mksdev "$sdv" 0 ATA "CT500MX500SSD1" "$(ata_rev M3CR046)" 32 naa.500a0751e5a3c2b1 6 \
    ncq_prio_enable=0 unload_heads=0
  mksdisk "$sdv" cache_type="write back" FUA=0 provisioning_mode=unmap \
    thin_provisioning=1 max_write_same_blocks=0
  local ns=976773168 e
  mkdisk sdd "$sdv/block/sdd" 8 48 $ns seq=4 dev="$sdv" io=402118,1302211,0,210022 lat=9
  q_ata rot=0 sched="[mq-deadline] none" pbs=4096 minio=4096 dgran=4096 \
    dmax=2147450880 dmaxhw=2147450880
  mkqueue sdd
  e=$(gpt_end $ns)
  mkpart sdd sdd1 1 8 49 2048 2201600 io=288,2,0,0 lat=9
  mkpart sdd sdd2 2 8 50 2203648 $((e - 2203648)) io=401700,1302200,0,0 lat=9

  # md0: RAID5 left-symmetric over whole disks, 512 KiB chunk, 2 data disks
  local comp_s=$(((n - 264192) / 1024 * 1024))
  local arr=$((comp_s * 2))
  mkmd md0 0 $arr raid5 2 524288 $((comp_s / 2)) 5 24011987,60110233,0,0 sda sdb sdc
  qdef
  qset mode=bio rot=1 ra=2048 maxkb=1280 maxhwkb=32767 pbs=4096 minio=524288 \
    optio=1048576 segs=65535 segsz=65536 wc="write back" fua=0 iostats=1
  mkqueue md0
  # one GPT partition left at sector 63 (converted from an old DOS label):
  # misaligned to the 4 KiB physical sectors and to the 1 MiB stripe
  mkpart md0 md0p1 1 259 0 63 $((arr - 63 - 33)) partname=mail io=24011590,60110214,0,0 lat=30
  w proc/mdstat \
    "Personalities : [raid6] [raid5] [raid4] [linear] [multipath] [raid0] [raid1] [raid10] " \
    "md0 : active raid5 sdc[3] sdb[1] sda[0]" \
    "      $((arr / 2)) blocks super 1.2 level 5, 512k chunk, algorithm 2 [3/3] [UUU]" \
    "      bitmap: 0/30 pages [0KB], 65536KB chunk" "" "unused devices: <none>"

  {
    mi_systemd 8:50 /dev/sdd2 ext4 rw,relatime rw udev $mem
    cat <<'EOF'
97 28 8:49 / /boot/efi rw,relatime shared:51 - vfat /dev/sdd1 rw,fmask=0022,dmask=0022,codepage=437,iocharset=iso8859-1,shortname=mixed,errors=remount-ro
99 28 259:0 / /var/lib/mail rw,nosuid,nodev,noatime shared:53 - ext4 /dev/md0p1 rw,stripe=256
EOF
  } | write_mountinfo
  write_swaps </dev/null
  write_vm dirty_ratio=40 dirty_background_ratio=10 dirty_bytes=0 dirty_background_bytes=0 \
    dirty_expire_centisecs=6000 dirty_writeback_centisecs=500 swappiness=60 \
    vfs_cache_pressure=100 min_free_kbytes=67584 overcommit_memory=0 page-cluster=3 \
    laptop_mode=0 zone_reclaim_mode=0 dirtytime_expire_seconds=43200
  wcat etc/fstab <<'EOF'
# /etc/fstab: static file system information.
#
# <file system> <mount point>   <type>  <options>       <dump>  <pass>
/dev/disk/by-uuid/4d2e7a91-c3b8-4f06-9e15-a8b7c2d0f364 / ext4 defaults 0 1
/dev/disk/by-uuid/9E3A-51C7 /boot/efi vfat defaults 0 1
UUID=f0a3c8e1-27b4-4d96-8c5a-e1b9d7f2a460 /var/lib/mail ext4 noatime,nosuid,nodev 0 2
EOF
  w etc/os-release 'PRETTY_NAME="Ubuntu 22.04.4 LTS"' 'NAME="Ubuntu"' 'VERSION_ID="22.04"' \
    'VERSION="22.04.4 LTS (Jammy Jellyfish)"' 'VERSION_CODENAME=jammy' 'ID=ubuntu' 'ID_LIKE=debian'
  end_tree
}

# ========================================================= 5. lvm-luks-nvme
CPU_TIGERLAKE_FLAGS="fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat pse36 clflush dts acpi mmx fxsr sse sse2 ss ht tm pbe syscall nx pdpe1gb rdtscp lm constant_tsc art arch_perfmon pebs bts rep_good nopl xtopology nonstop_tsc cpuid aperfmperf tsc_known_freq pni pclmulqdq dtes64 monitor ds_cpl vmx est tm2 ssse3 sdbg fma cx16 xtpr pdcm pcid sse4_1 sse4_2 x2apic movbe popcnt tsc_deadline_timer aes xsave avx f16c rdrand lahf_lm abm 3dnowprefetch cpuid_fault epb cat_l2 cdp_l2 ssbd ibrs ibpb stibp ibrs_enhanced tpr_shadow flexpriority ept vpid ept_ad fsgsbase tsc_adjust bmi1 avx2 smep bmi2 erms invpcid rdt_a avx512f avx512dq rdseed adx smap avx512ifma clflushopt clwb intel_pt avx512cd sha_ni avx512bw avx512vl xsaveopt xsavec xgetbv1 xsaves split_lock_detect user_shstk dtherm ida arat pln pts hwp hwp_notify hwp_act_window hwp_epp hwp_pkg_req vnmi avx512vbmi umip pku ospke avx512_vbmi2 gfni vaes vpclmulqdq avx512_vnni avx512_bitalg tme avx512_vpopcntdq rdpid movdiri movdir64b fsrm avx512_vp2intersect md_clear ibt flush_l1d arch_capabilities"

build_lvm_luks_nvme() {
  begin_tree lvm-luks-nvme 608
  write_kernel 6.8.0-51-generic "(buildd@lcy02-amd64-091) (x86_64-linux-gnu-gcc-13 (Ubuntu 13.3.0-6ubuntu2~24.04) 13.3.0, GNU ld (GNU Binutils for Ubuntu) 2.42) #52-Ubuntu SMP PREEMPT_DYNAMIC Thu Dec  5 13:09:44 UTC 2024"
  mkdmi bios_vendor=LENOVO bios_version="N32ET86W (1.62 )" bios_date=09/18/2023 \
    bios_release=1.62 sys_vendor=LENOVO product_name=20XW0026GE \
    product_version="ThinkPad X1 Carbon Gen 9" product_family="ThinkPad X1 Carbon Gen 9" \
    product_sku="LENOVO_MT_20XW_BU_Think_FM_ThinkPad X1 Carbon Gen 9" board_vendor=LENOVO \
    board_name=20XW0026GE board_version="SDK0J40697 WIN" board_asset_tag="Not Available" \
    chassis_vendor=LENOVO chassis_type=10 chassis_version=None chassis_asset_tag="No Asset Information"
  write_cpuinfo 8 vendor=GenuineIntel family=6 model=140 stepping=1 ucode=0xb8 \
    name="11th Gen Intel(R) Core(TM) i7-1165G7 @ 2.80GHz" mhz=1190.522 cache=12288 \
    cores=4 threads=2 cpuid=27 flags="$CPU_TIGERLAKE_FLAGS" vmxflags="$CPU_INTEL_VMX" \
    bugs="spectre_v1 spectre_v2 spec_store_bypass swapgs eibrs_pbrsb gds bhi" \
    bogo=5606.40 addr="39 bits physical, 48 bits virtual"
  local mem=16081520 swap=16777212
  write_meminfo $mem 7120412 11402236 301244 4380228 $swap $swap 2097152
  BDI_MAXB=2386010112

  local pci=sys/devices/pci0000:00/0000:00:06.0/0000:04:00.0
  mkpci "$pci" 0x144d 0xa80a 0x010802 nvme 0x144d 0xa801
  local c=$pci/nvme/nvme0
  mknvme "$c" 0 240 "SAMSUNG MZVL2512HCJQ-00BL7" S64KNX0T412345 GXA7801Q \
    "nqn.1994-11.com.samsung:nvme:PM9A1:M.2:S64KNX0T412345" 6 9 hmb=1
  local n=1000215216 e
  mkdisk nvme0n1 "$c/nvme0n1" 259 0 $n range=0 seq=1 dev="$c" io=2204117,1840223,30211,412009 lat=3
  q_nvme hwq=8 cpus=8 sched="[none] mq-deadline " wc="write back" fua=1
  mkqueue nvme0n1
  nvme_ns nvme0n1 1 eui.002538b411b2c3d4 eui=00-25-38-b4-11-b2-c3-d4
  e=$(gpt_end $n)
  local p3s=6397952 p3=$((e - 6397952))
  mkpart nvme0n1 nvme0n1p1 1 259 1 2048 2201600 partname="EFI System Partition" io=402,2,0,0 lat=3
  mkpart nvme0n1 nvme0n1p2 2 259 2 2203648 4194304 io=1402,311,0,0 lat=3
  mkpart nvme0n1 nvme0n1p3 3 259 3 $p3s $p3 io=2202201,1839900,30211,0 lat=3

  # LUKS2 (16 MiB header) -> LVM PV (1 MiB pe_start, 4 MiB extents)
  local luks=7c2e1f4a9b3d4e58a6c10d8f2b7e3a95 vg=Xq3Fz8LkR2mN7pVt1WcY5bHd9JgS4eAu
  local crypt=$((p3 - 32768))
  local root=209715200 swp=33554432 home=524288000
  mkdm dm-0 0 $crypt nvme0n1p3_crypt "CRYPT-LUKS2-$luks-nvme0n1p3_crypt" 2 2202011,1839871,30211,412001
  mkdm dm-1 1 $root vg0-root "LVM-${vg}T6nKw2PqZ8rB4xLm1VfH9cJd3GsY7eNa" 3 1402211,1203387,20117,398211
  mkdm dm-2 2 $swp vg0-swap "LVM-${vg}b7HcR1mQ9zL3vK8pW2nT6yF4dJ0sXe5A" 4 1201,0,0,0
  mkdm dm-3 3 $home vg0-home "LVM-${vg}m4ZgN8tV2qB6wR1xK9cL5hP3jD7fS0eY" 5 798611,636484,10094,13790
  local dm
  for dm in dm-0 dm-1 dm-2 dm-3; do
    qdef
    qset mode=bio rot=0 ra=128 maxkb=1280 maxhwkb=2048 minio=512 wc="write back" fua=1 \
      dgran=512 dmax=2199023255040 dmaxhw=2199023255040 dsegs=256 segs=127 \
      segsz=4294967295 virtb=4095 dmaalign=511 iostats=1
    mkqueue $dm
  done
  stack dm-0 nvme0n1p3
  for dm in dm-1 dm-2 dm-3; do stack $dm dm-0; done

  {
    mi_systemd 253:1 /dev/mapper/vg0-root ext4 rw,relatime rw,errors=remount-ro udev $mem
    cat <<'EOF'
61 28 259:2 / /boot rw,relatime shared:31 - ext4 /dev/nvme0n1p2 rw
63 61 259:1 / /boot/efi rw,relatime shared:33 - vfat /dev/nvme0n1p1 rw,fmask=0077,dmask=0077,codepage=437,iocharset=iso8859-1,shortname=mixed,errors=remount-ro
65 28 253:3 / /home rw,relatime shared:35 - ext4 /dev/mapper/vg0-home rw
1242 26 0:71 / /run/user/1000 rw,nosuid,nodev,relatime shared:682 - tmpfs tmpfs rw,size=1608148k,nr_inodes=402037,mode=700,uid=1000,gid=1000,inode64
1301 1242 0:72 / /run/user/1000/doc rw,nosuid,nodev,relatime shared:712 - fuse.portal portal rw,user_id=1000,group_id=1000
EOF
  } | write_mountinfo
  echo "/dev/dm-2 $swap 0 -2" | write_swaps
  write_vm dirty_ratio=20 dirty_background_ratio=10 dirty_bytes=0 dirty_background_bytes=0 \
    dirty_expire_centisecs=3000 dirty_writeback_centisecs=1500 swappiness=60 \
    vfs_cache_pressure=100 min_free_kbytes=67584 overcommit_memory=0 page-cluster=3 \
    laptop_mode=0 zone_reclaim_mode=0 dirtytime_expire_seconds=43200
  wcat etc/fstab <<'EOF'
# /etc/fstab: static file system information.
#
# Use 'blkid' to print the universally unique identifier for a
# device; this may be used with UUID= as a more robust way to name devices
# that works even if disks are added and removed. See fstab(5).
#
# <file system> <mount point>   <type>  <options>       <dump>  <pass>
/dev/mapper/vg0-root /               ext4    errors=remount-ro 0       1
# /boot was on /dev/nvme0n1p2 during installation
UUID=b3f71c2e-94d8-4a6b-8e05-7c1d2a9f4e63 /boot           ext4    defaults        0       2
# /boot/efi was on /dev/nvme0n1p1 during installation
UUID=E4A2-7C19  /boot/efi       vfat    umask=0077      0       1
/dev/mapper/vg0-home /home           ext4    defaults        0       2
/dev/mapper/vg0-swap none            swap    sw              0       0
EOF
  w etc/crypttab "nvme0n1p3_crypt UUID=7c2e1f4a-9b3d-4e58-a6c1-0d8f2b7e3a95 none luks,discard"
  w etc/os-release 'PRETTY_NAME="Ubuntu 24.04.1 LTS"' 'NAME="Ubuntu"' 'VERSION_ID="24.04"' \
    'VERSION="24.04.1 LTS (Noble Numbat)"' 'VERSION_CODENAME=noble' 'ID=ubuntu' 'ID_LIKE=debian'

  UDEV_BASE=4021187
  local common=(model="SAMSUNG MZVL2512HCJQ-00BL7" serial=S64KNX0T412345 fw=GXA7801Q
                wwid=eui.002538b411b2c3d4 nsid=1 path=pci-0000:04:00.0-nvme-1 seq=1
                pt=e91a3c57-2b8d-4f64-a1e0-5c7d9b2f8e36)
  udev_nvme 259:0 "${common[@]}"
  udev_nvme 259:1 "${common[@]}" part=1 partuuid=4a8c1e27-6d3b-4f95-b0e2-8c7a5d1f3b49 \
    ptype=c12a7328-f81f-11d2-ba4b-00a0c93ec93b start=2048 size=2201600 disk=259:0 \
    pname="EFI\x20System\x20Partition" fstype=vfat fsuuid=E4A2-7C19 fsver=FAT32 usage=filesystem
  udev_nvme 259:2 "${common[@]}" part=2 partuuid=d2f6b3a8-1c4e-4d79-9a05-e7b3c8f1d264 \
    ptype=0fc63daf-8483-4772-8e79-3d69d8477de4 start=2203648 size=4194304 disk=259:0 \
    fstype=ext4 fsuuid=b3f71c2e-94d8-4a6b-8e05-7c1d2a9f4e63 fsver=1.0 usage=filesystem
  udev_nvme 259:3 "${common[@]}" part=3 partuuid=61b9e4d2-8a7c-4e13-b5f6-2d0c9a4e7b18 \
    ptype=0fc63daf-8483-4772-8e79-3d69d8477de4 start=$p3s size=$p3 disk=259:0 \
    fstype=crypto_LUKS fsuuid=7c2e1f4a-9b3d-4e58-a6c1-0d8f2b7e3a95 fsver=2 usage=crypto
  local pv=Ab3dEf-Gh4i-Jk5l-Mn6o-Pq7r-St8u-Vw9xYz
  udevdb 253:0 <<EOF
S:disk/by-id/dm-uuid-CRYPT-LUKS2-$luks-nvme0n1p3_crypt
S:mapper/nvme0n1p3_crypt
S:disk/by-id/dm-name-nvme0n1p3_crypt
S:disk/by-id/lvm-pv-uuid-$pv
E:DM_UDEV_DISABLE_LIBRARY_FALLBACK_FLAG=1
E:DM_UDEV_PRIMARY_SOURCE_FLAG=1
E:DM_UDEV_RULES_VSN=2
E:DM_ACTIVATION=1
E:DM_NAME=nvme0n1p3_crypt
E:DM_UUID=CRYPT-LUKS2-$luks-nvme0n1p3_crypt
E:DM_SUSPENDED=0
E:ID_FS_UUID=$pv
E:ID_FS_UUID_ENC=$pv
E:ID_FS_VERSION=LVM2 001
E:ID_FS_TYPE=LVM2_member
E:ID_FS_USAGE=raid
E:SYSTEMD_READY=1
E:LVM_VG_NAME_COMPLETE=vg0
E:LVM_PV_UUID=$pv
EOF
  local -a lvn=(root swap home) lvu=(T6nKw2PqZ8rB4xLm1VfH9cJd3GsY7eNa b7HcR1mQ9zL3vK8pW2nT6yF4dJ0sXe5A m4ZgN8tV2qB6wR1xK9cL5hP3jD7fS0eY)
  local -a fsu=(0d6e2b91-7f4c-4a38-b2e5-c9a1f3d8e7b4 5e1c8a73-2d9f-4b06-8e4a-71c3b9f0d2a8 a2f9c4e7-6b1d-4e83-9c05-3e8d7a1b6f92)
  local -a fst=(ext4 swap ext4) fsv=(1.0 1 1.0) fsg=(filesystem other filesystem)
  local i
  for i in 0 1 2; do
    udevdb "253:$((i + 1))" <<EOF
S:disk/by-id/dm-uuid-LVM-$vg${lvu[$i]}
S:mapper/vg0-${lvn[$i]}
S:vg0/${lvn[$i]}
S:disk/by-id/dm-name-vg0-${lvn[$i]}
S:disk/by-uuid/${fsu[$i]}
E:DM_UDEV_DISABLE_LIBRARY_FALLBACK_FLAG=1
E:DM_UDEV_PRIMARY_SOURCE_FLAG=1
E:DM_UDEV_RULES_VSN=2
E:DM_ACTIVATION=1
E:DM_NAME=vg0-${lvn[$i]}
E:DM_UUID=LVM-$vg${lvu[$i]}
E:DM_SUSPENDED=0
E:DM_VG_NAME=vg0
E:DM_LV_NAME=${lvn[$i]}
E:ID_FS_UUID=${fsu[$i]}
E:ID_FS_UUID_ENC=${fsu[$i]}
E:ID_FS_VERSION=${fsv[$i]}
E:ID_FS_TYPE=${fst[$i]}
E:ID_FS_USAGE=${fsg[$i]}
EOF
  done
  end_tree
}

# ============================================================= 6. virtio-vm
# Imitates the Firecracker VM these fixtures were written on (kernel 6.18).
CPU_EPYC_VM_FLAGS="fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat pse36 clflush mmx fxsr sse sse2 ht syscall nx mmxext fxsr_opt pdpe1gb rdtscp lm constant_tsc rep_good nopl xtopology nonstop_tsc cpuid extd_apicid tsc_known_freq pni pclmulqdq ssse3 fma cx16 pcid sse4_1 sse4_2 x2apic movbe popcnt tsc_deadline_timer aes xsave avx f16c rdrand hypervisor lahf_lm cmp_legacy cr8_legacy abm sse4a misalignsse 3dnowprefetch osvw topoext vmmcall fsgsbase tsc_adjust bmi1 avx2 smep bmi2 erms invpcid avx512f avx512dq adx smap avx512ifma clflushopt clwb avx512cd sha_ni avx512bw avx512vl xsaveopt xsavec xgetbv1 xsaves avx_vnni avx512_bf16 clzero xsaveerptr arat avx512vbmi umip avx512_vbmi2 gfni vaes vpclmulqdq avx512_vnni avx512_bitalg avx512_vpopcntdq rdpid fsrm avx512_vp2intersect"

build_virtio_vm() {
  begin_tree virtio-vm 618
  write_kernel 6.18.4 "(builder@localhost) (gcc (GCC) 15.3.0, GNU ld (GNU Binutils) 2.46) #1 SMP PREEMPT_DYNAMIC"
  write_cpuinfo 2 vendor=AuthenticAMD family=26 model=2 stepping=1 ucode=0x1000065 \
    name="AMD EPYC" mhz=2596.122 cache=1024 cores=2 cpuid=28 flags="$CPU_EPYC_VM_FLAGS" \
    bugs="sysret_ss_attrs null_seg spectre_v1 spectre_v2 spec_store_bypass srso spectre_v2_user" \
    bogo=5192.24 tlb="192 4K pages" addr="48 bits physical, 48 bits virtual"
  local mem=24684092
  write_meminfo $mem 22945968 24220520 328764 600584 0 0 25165824
  BDI_MAXB=4958112972

  # loop devices register first (module init), loop0 re-attached later
  local l0=sys/devices/virtual/block/loop0 l1=sys/devices/virtual/block/loop1
  mkdisk loop0 "$l0" 7 0 4194304 range=1 extrange=256 seq=11 partscan=0 io=3107,8841,12,40 lat=40
  attrs "$l0/loop" backing_file=/var/lib/images/scratch.img offset=0 sizelimit=0 \
    autoclear=0 partscan=0 dio=0
  qdef
  qset mode=mq rot=1 sched="[none] mq-deadline kyber bfq " nr=128 tags=128 cpulists="0, 1" \
    maxkb=1280 maxhwkb=1280 wc="write back" dgran=4096 dmax=4294966784 dmaxhw=4294966784 \
    wz=4294966784 wbt=75000
  mkqueue loop0
  mkdisk loop1 "$l1" 7 1 0 range=1 extrange=256 seq=2 partscan=0
  qdef
  qset mode=mq rot=0 sched="[none] mq-deadline kyber bfq " nr=128 tags=128 cpulists="0, 1" \
    maxkb=1280 maxhwkb=1280 wc="write through" wbt=2000
  mkqueue loop1

  # virtio-blk disk (PCI transport), whole disk ext4, no partition table
  local pci=sys/devices/pci0000:00/0000:00:02.0
  mkpci "$pci" 0x1af4 0x1042 0x018000 virtio-pci 0x1af4 0x1042
  w "$pci/revision" 0x01
  local v=$pci/virtio1
  attrs "$v" device=0x0002 vendor=0x1af4 status=0x0000000f \
    modalias=virtio:d00000002v00001AF4 \
    features=00100010011001000000000000000100100000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000
  w "$v/uevent" DRIVER=virtio_blk MODALIAS=virtio:d00000002v00001AF4
  lnk sys/bus/virtio/drivers/virtio_blk "$v/driver"
  lnk sys/bus/virtio "$v/subsystem"
  lnk "$v" sys/bus/virtio/drivers/virtio_blk/virtio1
  lnk "$v" sys/bus/virtio/devices/virtio1
  w sys/bus/virtio/drivers_autoprobe 1
  mkdisk vda "$v/block/vda" 254 0 536870912 seq=9 dev="$v" io=27840,5296,51,260 lat=19
  attrs "$v/block/vda" cache_type="write back"
  # virtio_blk prints the serial without a trailing newline
  printf '%s' overlayblk > "$R/$v/block/vda/serial"
  qdef
  qset mode=mq rot=1 sched="none [mq-deadline] kyber bfq " nr=256 tags=128 \
    cpulists="0, 1" asyncdepth=256 ra=8192 maxkb=4096 maxhwkb=2147483647 pbs=4096 \
    minio=4096 wc="write back" dgran=4096 dmax=1073741824 dmaxhw=1073741824 segs=254 \
    segsz=4294967295 wbt=75000
  mkqueue vda

  # zram0: registered but not initialised (disksize 0)
  local z=sys/devices/virtual/block/zram0
  mkdisk zram0 "$z" 253 0 0 range=1 extrange=1 seq=10 partscan=0
  attrs "$z" disksize=0 initstate=0 comp_algorithm="[lzo-rle] lzo lz4 " \
    mm_stat="$(printf '%8s %8s %8s %8s %8s %8s %8s %8s %8s' 0 0 0 0 0 0 0 0 0)" \
    io_stat="$(printf '%8s %8s %s %8s' 0 0 0 0)"
  w "$z/debug_stat" "version: 1" "0        0"
  qdef
  qset mode=bio rot=0 lbs=4096 pbs=4096 minio=4096 optio=4096 maxkb=124 maxhwkb=124 \
    wc="write through" dgran=4096 dmax=2199023255040 dmaxhw=2199023255040 \
    wz=2199023255040 stable=1 iostats=0
  mkqueue zram0

  write_mountinfo <<'EOF'
22 27 0:21 / /proc rw,relatime - proc proc rw
23 27 0:22 / /sys rw,relatime - sysfs sysfs rw
24 27 0:6 / /dev rw,relatime - devtmpfs devtmpfs rw,size=12334492k,nr_inodes=3083623,mode=755
25 24 0:23 / /dev/shm rw,relatime - tmpfs tmpfs rw,size=24684092k
26 24 0:24 / /dev/pts rw,relatime - devpts devpts rw,mode=600,ptmxmode=000
27 1 254:0 / / rw,relatime - ext4 /dev/vda rw,discard,resv_strict,resuid=65534,resgid=65534
31 23 0:28 / /sys/fs/cgroup rw,relatime - tmpfs tmpfs rw,mode=755
32 31 0:29 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu
33 31 0:30 / /sys/fs/cgroup/cpuacct rw,relatime - cgroup cgroup rw,cpuacct
34 31 0:31 / /sys/fs/cgroup/cpuset rw,relatime - cgroup cgroup rw,cpuset
35 31 0:32 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory
36 31 0:33 / /sys/fs/cgroup/devices rw,relatime - cgroup cgroup rw,devices
37 31 0:34 / /sys/fs/cgroup/freezer rw,relatime - cgroup cgroup rw,freezer
38 31 0:35 / /sys/fs/cgroup/blkio rw,relatime - cgroup cgroup rw,blkio
39 31 0:36 / /sys/fs/cgroup/pids rw,relatime - cgroup cgroup rw,pids
40 31 0:37 / /sys/fs/cgroup/systemd rw,relatime - cgroup cgroup rw,name=systemd
41 31 0:38 / /sys/fs/cgroup/unified rw,relatime - cgroup2 cgroup2 rw
58 27 7:0 / /mnt/scratch rw,relatime - ext4 /dev/loop0 rw
EOF
  write_swaps </dev/null
  write_vm dirty_ratio=20 dirty_background_ratio=10 dirty_bytes=0 dirty_background_bytes=0 \
    dirty_expire_centisecs=3000 dirty_writeback_centisecs=500 swappiness=60 \
    vfs_cache_pressure=100 min_free_kbytes=45056 overcommit_memory=0 page-cluster=3 \
    laptop_mode=0 zone_reclaim_mode=0 dirtytime_expire_seconds=43200
  w etc/fstab "# UNCONFIGURED FSTAB FOR BASE SYSTEM"
  end_tree
}

# ======================================================== 7. cloud-nvme-ebs
CPU_EC2_CLX_FLAGS="fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat pse36 clflush mmx fxsr sse sse2 ss ht syscall nx pdpe1gb rdtscp lm constant_tsc rep_good nopl xtopology nonstop_tsc cpuid aperfmperf tsc_known_freq pni pclmulqdq ssse3 fma cx16 pcid sse4_1 sse4_2 x2apic movbe popcnt tsc_deadline_timer aes xsave avx f16c rdrand hypervisor lahf_lm abm 3dnowprefetch invpcid_single ssbd ibrs ibpb stibp ibrs_enhanced fsgsbase tsc_adjust bmi1 avx2 smep bmi2 erms invpcid mpx avx512f avx512dq rdseed adx smap clflushopt clwb avx512cd avx512bw avx512vl xsaveopt xsavec xgetbv1 xsaves ida arat pku ospke avx512_vnni md_clear flush_l1d arch_capabilities"

build_cloud_nvme_ebs() {
  begin_tree cloud-nvme-ebs 601
  write_kernel 6.1.112-122.189.amzn2023.x86_64 "(mockbuild@ip-10-0-38-145) (gcc (GCC) 11.4.1 20230605 (Red Hat 11.4.1-2), GNU ld version 2.39-6.amzn2023.0.10) #1 SMP PREEMPT_DYNAMIC Tue Oct  8 17:04:15 UTC 2024"
  mkdmi bios_vendor="Amazon EC2" bios_version=1.0 bios_date=10/16/2017 bios_release=1.0 \
    sys_vendor="Amazon EC2" product_name=m5d.xlarge product_version="" \
    board_vendor="Amazon EC2" board_name="" board_version="" \
    board_asset_tag=i-0a1b2c3d4e5f67890 chassis_vendor="Amazon EC2" chassis_type=1 \
    chassis_version="" chassis_asset_tag="Amazon EC2"
  write_cpuinfo 4 vendor=GenuineIntel family=6 model=85 stepping=7 ucode=0x5003702 \
    name="Intel(R) Xeon(R) Platinum 8259CL CPU @ 2.50GHz" mhz=2499.998 cache=36608 \
    cores=2 threads=2 cpuid=13 flags="$CPU_EC2_CLX_FLAGS" \
    bugs="spectre_v1 spectre_v2 spec_store_bypass swapgs taa itlb_multihit mmio_stale_data retbleed eibrs_pbrsb gds bhi" \
    bogo=4999.99 addr="46 bits physical, 48 bits virtual"
  local mem=15896108
  write_meminfo $mem 13102244 14688012 4208 1701996 0 0
  local ebs="Amazon Elastic Block Store" ist="Amazon EC2 NVMe Instance Storage"
  local s0=vol0a1b2c3d4e5f67890 s1=vol05e6f7a8b9c0d1e2f s2=AWS2B1F7A3C9D8E6F501
  local w0 w1 w2
  w0=$(nvme_fallback_wwid 1d0f "$s0" "$ebs" 1)
  w1=$(nvme_fallback_wwid 1d0f "$s1" "$ebs" 1)
  w2=$(nvme_fallback_wwid 1d0f "$s2" "$ist" 1)

  # controllers probe asynchronously: the data volume's namespace got 259:0
  local p0=sys/devices/pci0000:00/0000:00:04.0 p1=sys/devices/pci0000:00/0000:00:1e.0
  local p2=sys/devices/pci0000:00/0000:00:1f.0
  mkpci "$p0" 0x1d0f 0x8061 0x010802 nvme 0x1d0f 0x8061
  mkpci "$p1" 0x1d0f 0x8061 0x010802 nvme 0x1d0f 0x8061
  mkpci "$p2" 0x1d0f 0xcd01 0x010802 nvme 0x1d0f 0xcd01
  mknvme "$p0/nvme/nvme0" 0 242 "$ebs" $s0 1.0 \
    "nqn.2014.08.org.nvmexpress:1d0f1d0f${s0}$ebs" 0 3
  mknvme "$p1/nvme/nvme1" 1 242 "$ebs" $s1 1.0 \
    "nqn.2014.08.org.nvmexpress:1d0f1d0f${s1}$ebs" 0 3
  mknvme "$p2/nvme/nvme2" 2 242 "$ist" $s2 0 \
    "nqn.2014.08.org.nvmexpress:1d0f1d0f${s2}$ist" 0 5

  local c1=$p1/nvme/nvme1 c0=$p0/nvme/nvme0 c2=$p2/nvme/nvme2
  mkdisk nvme1n1 "$c1/nvme1n1" 259 0 209715200 range=0 seq=1 dev="$c1" io=880211,2210977,0,0 lat=60
  q_nvme hwq=2 cpus=4 cpulists="0, 2|1, 3" nr=63 tags=63 maxkb=256 maxhwkb=256 segs=65 \
    dgran=0 dmax=0 dmaxhw=0 dsegs=1 sched="[none] mq-deadline kyber bfq "
  mkqueue nvme1n1
  nvme_ns nvme1n1 1 "$w1"
  mkdisk nvme0n1 "$c0/nvme0n1" 259 1 16777216 range=0 seq=2 dev="$c0" io=40221,19887,0,0 lat=60
  q_nvme hwq=2 cpus=4 cpulists="0, 2|1, 3" nr=63 tags=63 maxkb=256 maxhwkb=256 segs=65 \
    dgran=0 dmax=0 dmaxhw=0 dsegs=1 sched="[none] mq-deadline kyber bfq "
  mkqueue nvme0n1
  nvme_ns nvme0n1 1 "$w0"
  mkpart nvme0n1 nvme0n1p1 1 259 2 4096 16773087 partname=Linux io=40102,19880,0,0 lat=60
  mkpart nvme0n1 nvme0n1p128 128 259 3 2048 2048 partname="BIOS Boot Partition" io=8,0,0,0 lat=60
  mkdisk nvme2n1 "$c2/nvme2n1" 259 4 292968750 range=0 seq=3 dev="$c2" io=4402113,9871230,210,0 lat=2
  q_nvme hwq=4 cpus=4 maxkb=256 maxhwkb=256 segs=65 sched="[none] mq-deadline kyber bfq "
  mkqueue nvme2n1
  nvme_ns nvme2n1 1 "$w2"
  # a custom image whose kernel command line lacks the
  # nvme_core.io_timeout=4294967295 of Amazon's own AMIs: the default 30 s
  nvme_core_params
  w proc/cmdline "BOOT_IMAGE=(hd0,gpt1)/boot/vmlinuz-6.1.112-122.189.amzn2023.x86_64 root=UUID=a8c3e1f7-5b2d-4c96-8e04-d1f7b3a9c256 ro console=tty0 console=ttyS0,115200n8 rd.emergency=poweroff rd.shell=0 selinux=1 security=selinux quiet"

  {
    mi_systemd 259:2 /dev/nvme0n1p1 xfs rw,noatime \
      rw,seclabel,attr2,inode64,logbufs=8,logbsize=32k,noquota devtmpfs $mem
    cat <<'EOF'
42 22 0:35 / /sys/fs/selinux rw,nosuid,noexec,relatime shared:21 - selinuxfs selinuxfs rw
66 28 259:0 / /data rw,noatime shared:36 - xfs /dev/nvme1n1 rw,seclabel,attr2,inode64,logbufs=8,logbsize=32k,noquota
68 28 259:4 / /scratch rw,noatime shared:38 - ext4 /dev/nvme2n1 rw,seclabel
EOF
  } | write_mountinfo
  write_swaps </dev/null
  write_vm dirty_ratio=20 dirty_background_ratio=10 dirty_bytes=0 dirty_background_bytes=0 \
    dirty_expire_centisecs=3000 dirty_writeback_centisecs=500 swappiness=60 \
    vfs_cache_pressure=100 min_free_kbytes=67584 overcommit_memory=0 page-cluster=3 \
    laptop_mode=0 zone_reclaim_mode=0 dirtytime_expire_seconds=43200
  wcat etc/fstab <<'EOF'
#
UUID=a8c3e1f7-5b2d-4c96-8e04-d1f7b3a9c256     /           xfs    defaults,noatime  1   1
UUID=3f9b2d7e-c1a4-4e85-9b60-2e7d4c8a1f35     /data       xfs    defaults,noatime,nofail  0   2
/dev/nvme2n1                                   /scratch    ext4   defaults,noatime,nofail  0   2
EOF
  w etc/os-release 'NAME="Amazon Linux"' 'VERSION="2023"' 'ID="amzn"' 'ID_LIKE="fedora"' \
    'VERSION_ID="2023"' 'PLATFORM_ID="platform:al2023"' 'PRETTY_NAME="Amazon Linux 2023.6.20241010"'

  UDEV_BASE=2104773
  local cm0=(model="$ebs" serial="$s0" fw=1.0 wwid="$w0" nsid=1 path=pci-0000:00:04.0-nvme-1
             seq=2 nsidlinks=0 pt=5d2a8e4c-1b7f-4a39-9c06-e8b1d4f7a2c3)
  udev_nvme 259:1 "${cm0[@]}" slinks="S:xvda"
  udev_nvme 259:2 "${cm0[@]}" slinks="S:xvda1" part=1 partuuid=6c4e9b21-3d8a-4f57-a2e0-b9c7d1f5e834 \
    ptype=0fc63daf-8483-4772-8e79-3d69d8477de4 start=4096 size=16773087 disk=259:1 \
    pname=Linux fstype=xfs fsuuid=a8c3e1f7-5b2d-4c96-8e04-d1f7b3a9c256 fsver="" \
    usage=filesystem label=/
  udev_nvme 259:3 "${cm0[@]}" slinks="S:xvda128" part=128 \
    partuuid=9e2b7d4a-6f1c-4e83-b5a9-0c3d8e7f1b26 ptype=21686148-6449-6e6f-744e-656564454649 \
    start=2048 size=2048 disk=259:1 pname="BIOS\x20Boot\x20Partition"
  udev_nvme 259:0 model="$ebs" serial=$s1 fw=1.0 wwid="$w1" nsid=1 \
    path=pci-0000:00:1e.0-nvme-1 seq=1 nsidlinks=0 slinks="S:sdf" fstype=xfs \
    fsuuid=3f9b2d7e-c1a4-4e85-9b60-2e7d4c8a1f35 fsver="" usage=filesystem
  udev_nvme 259:4 model="$ist" serial=$s2 fw=0 wwid="$w2" nsid=1 \
    path=pci-0000:00:1f.0-nvme-1 seq=3 nsidlinks=0 fstype=ext4 \
    fsuuid=71d5c3a9-8e2f-4b64-a0d7-5f9c1e3b8a42 fsver=1.0 usage=filesystem
  end_tree
}

# ============================================================= 8. legacy-sq
CPU_IVB_EP_FLAGS="fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat pse36 clflush dts acpi mmx fxsr sse sse2 ss ht tm pbe syscall nx pdpe1gb rdtscp lm constant_tsc arch_perfmon pebs bts rep_good nopl xtopology nonstop_tsc aperfmperf eagerfpu pni pclmulqdq dtes64 monitor ds_cpl vmx smx est tm2 ssse3 cx16 xtpr pdcm pcid dca sse4_1 sse4_2 x2apic popcnt tsc_deadline_timer aes xsave avx f16c rdrand lahf_lm epb ssbd ibrs ibpb stibp tpr_shadow vnmi flexpriority ept vpid fsgsbase smep erms xsaveopt dtherm ida arat pln pts md_clear spec_ctrl intel_stibp flush_l1d"

build_legacy_sq() {
  begin_tree legacy-sq 310
  write_kernel 3.10.0-1160.119.1.el7.x86_64 "(mockbuild@kbuilder.bsys.centos.org) (gcc version 4.8.5 20150623 (Red Hat 4.8.5-44) (GCC) ) #1 SMP Tue Jun 4 14:43:51 UTC 2024"
  mkdmi bios_vendor="Dell Inc." bios_version=2.9.0 bios_date=12/06/2019 \
    sys_vendor="Dell Inc." product_name="PowerEdge R720" product_version="" \
    board_vendor="Dell Inc." board_name=0X6H47 board_version=A00 \
    chassis_vendor="Dell Inc." chassis_type=23 chassis_version="" chassis_asset_tag=""
  write_cpuinfo 12 vendor=GenuineIntel family=6 model=62 stepping=4 ucode=0x42e \
    name="Intel(R) Xeon(R) CPU E5-2620 v2 @ 2.10GHz" mhz=2100.000 cache=15360 cores=6 \
    threads=2 cpuid=13 flags="$CPU_IVB_EP_FLAGS" bogo=4200.13 \
    addr="46 bits physical, 48 bits virtual"
  local mem=65758424
  write_meminfo $mem 1842236 58310044 1120 55981204 0 0 2097152

  # Dell 6Gbps SAS HBA (LSI SAS2008), mpt2sas, two direct-attached SAS disks
  local pci=sys/devices/pci0000:00/0000:00:02.2/0000:03:00.0
  mkpci "$pci" 0x1000 0x0072 0x010700 mpt2sas 0x1028 0x1f1c
  local h=$pci/host0
  mkshost "$h" 0 mpt2sas can_queue=3432 cmd_per_lun=7 sg_tablesize=128 \
    version_fw=20.00.07.00 version_bios=07.39.02.00 version_mpi=02.00.14.00 \
    version_product=SAS2008 version_nvdata_persistent=14.01.00.06 \
    board_name="Dell 6Gbps SAS HBA" board_assembly=n/a board_tracer=CN0W5D5K1234567 \
    host_sas_address=0x5d4ae520a1b2c300 ioc_reset_count=0 reply_queue_count=12 \
    logging_level=00000000 fwfault_debug=0
  wempty "$h/sas_host/host0/uevent"
  local i nm
  local -a mdl=(ST600MM0006 ST900MM0006) sz=(1172123568 1758174768)
  local -a sas=(0x5000c5005e1a2b3d 0x5000c50062c4d5e9)
  for i in 0 1; do
    nm=sd${LETTERS:i:1}
    local port=$h/port-0:$i ed=$h/port-0:$i/end_device-0:$i
    w "$port/sas_port/port-0:$i/num_phys" 1
    attrs "$ed/sas_device/end_device-0:$i" sas_address="${sas[$i]}" \
      device_type="end device" initiator_port_protocols=none target_port_protocols=ssp \
      phy_identifier=$i bay_identifier=$i enclosure_identifier=0x5d4ae520a1b2c380
    attrs "$ed/sas_end_device/end_device-0:$i" bay_identifier=$i \
      enclosure_identifier=0x5d4ae520a1b2c380 I_T_nexus_loss_timeout=0 \
      initiator_response_timeout=0 ready_led_meaning=0 tlr_enabled=0 tlr_supported=0
    local sdv=$ed/target0:0:$i/0:0:$i:0
    mksdev "$sdv" 0 SEAGATE "${mdl[$i]}" LS08 254 "" 7 sas_address="${sas[$i]}" \
      sas_device_handle=0x000$((9 + i)) ioerr_cnt=0x0 iodone_cnt=0x1b4f2e1 \
      iorequest_cnt=0x1b4f2e1
    mksdisk "$sdv" cache_type="write through" FUA=1 manage_start_stop=0 \
      provisioning_mode=full thin_provisioning=0 max_write_same_blocks=65535
    mkdisk "$nm" "$sdv/block/$nm" 8 $((i * 16)) "${sz[$i]}" dev="$sdv" \
      io=$((9120443 + i * 3100211)),$((22110984 + i * 9120115)),0,0 lat=480
    qdef
    qset mode=sq rot=1 nr=128 maxkb=512 maxhwkb=16383 segs=128 segsz=65536 \
      ws=33553920 addrand=1
    if ((i == 0)); then
      qset sched="noop deadline [cfq] " ra=128
      mkqueue sda
      mkpart sda sda1 1 8 1 2048 2097152 io=2201,18,0,0 lat=480
      mkpart sda sda2 2 8 2 2099200 $((sz[0] - 2099200)) io=9118102,22110960,0,0 lat=480
    else
      qset sched="noop [deadline] cfq " ra=4096
      mkqueue sdb
      mkpart sdb sdb1 1 8 17 2048 $((sz[1] - 2048)) io=12220611,31231090,0,0 lat=480
    fi
  done
  # a SATA SSD added later on the same HBA (SATA tunnelled over SAS, STP),
  # left on the cfq the admin once set with elevator=cfq
  local port=$h/port-0:2 ed=$h/port-0:2/end_device-0:2 ssz=781422768
  w "$port/sas_port/port-0:2/num_phys" 1
  attrs "$ed/sas_device/end_device-0:2" sas_address=0x4433221102000000 \
    device_type="end device" initiator_port_protocols=none target_port_protocols=sata \
    phy_identifier=2 bay_identifier=2 enclosure_identifier=0x5d4ae520a1b2c380
  local sdv=$ed/target0:0:2/0:0:2:0
  mksdev "$sdv" 0 ATA "INTEL SSDSC2BX40" 0140 32 "" 6 sas_address=0x4433221102000000 \
    sas_device_handle=0x000b ioerr_cnt=0x0 iodone_cnt=0x9f2c1a iorequest_cnt=0x9f2c1a
  mksdisk "$sdv" cache_type="write back" FUA=0 manage_start_stop=0 \
    provisioning_mode=full thin_provisioning=0 max_write_same_blocks=0
  mkdisk sdc "$sdv/block/sdc" 8 32 $ssz dev="$sdv" io=6120887,10443120,2210,0 lat=9
  qdef
  # sd clears add_random for a non-rotational disk; the HBA's SCSI-to-ATA
  # translation offers no UNMAP for this drive, so there is no discard
  qset mode=sq rot=0 nr=128 maxkb=512 maxhwkb=16383 segs=128 segsz=65536 \
    addrand=0 sched="noop deadline [cfq] " ra=128
  mkqueue sdc
  mkpart sdc sdc1 1 8 33 2048 $((ssz - 2048)) io=6120101,10443100,2210,0 lat=9

  write_mountinfo <<EOF
17 39 0:17 / /sys rw,nosuid,nodev,noexec,relatime shared:6 - sysfs sysfs rw,seclabel
18 39 0:3 / /proc rw,nosuid,nodev,noexec,relatime shared:5 - proc proc rw
19 39 0:5 / /dev rw,nosuid shared:2 - devtmpfs devtmpfs rw,seclabel,size=32867040k,nr_inodes=8216760,mode=755
20 17 0:16 / /sys/kernel/security rw,nosuid,nodev,noexec,relatime shared:7 - securityfs securityfs rw
21 19 0:18 / /dev/shm rw,nosuid,nodev shared:3 - tmpfs tmpfs rw,seclabel
22 19 0:12 / /dev/pts rw,nosuid,noexec,relatime shared:4 - devpts devpts rw,seclabel,gid=5,mode=620,ptmxmode=000
23 39 0:19 / /run rw,nosuid,nodev shared:22 - tmpfs tmpfs rw,seclabel,mode=755
24 17 0:20 / /sys/fs/cgroup ro,nosuid,nodev,noexec shared:8 - tmpfs tmpfs ro,seclabel,mode=755
25 24 0:21 / /sys/fs/cgroup/systemd rw,nosuid,nodev,noexec,relatime shared:9 - cgroup cgroup rw,seclabel,xattr,release_agent=/usr/lib/systemd/systemd-cgroups-agent,name=systemd
26 17 0:22 / /sys/fs/pstore rw,nosuid,nodev,noexec,relatime shared:20 - pstore pstore rw
27 24 0:23 / /sys/fs/cgroup/cpu,cpuacct rw,nosuid,nodev,noexec,relatime shared:10 - cgroup cgroup rw,seclabel,cpu,cpuacct
28 24 0:24 / /sys/fs/cgroup/blkio rw,nosuid,nodev,noexec,relatime shared:11 - cgroup cgroup rw,seclabel,blkio
29 24 0:25 / /sys/fs/cgroup/memory rw,nosuid,nodev,noexec,relatime shared:12 - cgroup cgroup rw,seclabel,memory
30 24 0:26 / /sys/fs/cgroup/devices rw,nosuid,nodev,noexec,relatime shared:13 - cgroup cgroup rw,seclabel,devices
31 24 0:27 / /sys/fs/cgroup/freezer rw,nosuid,nodev,noexec,relatime shared:14 - cgroup cgroup rw,seclabel,freezer
32 24 0:28 / /sys/fs/cgroup/net_cls,net_prio rw,nosuid,nodev,noexec,relatime shared:15 - cgroup cgroup rw,seclabel,net_prio,net_cls
33 24 0:29 / /sys/fs/cgroup/perf_event rw,nosuid,nodev,noexec,relatime shared:16 - cgroup cgroup rw,seclabel,perf_event
34 24 0:30 / /sys/fs/cgroup/hugetlb rw,nosuid,nodev,noexec,relatime shared:17 - cgroup cgroup rw,seclabel,hugetlb
35 24 0:31 / /sys/fs/cgroup/pids rw,nosuid,nodev,noexec,relatime shared:18 - cgroup cgroup rw,seclabel,pids
36 24 0:32 / /sys/fs/cgroup/cpuset rw,nosuid,nodev,noexec,relatime shared:19 - cgroup cgroup rw,seclabel,cpuset
37 17 0:33 / /sys/kernel/config rw,relatime shared:21 - configfs configfs rw
39 1 8:2 / / rw,relatime shared:1 - xfs /dev/sda2 rw,seclabel,attr2,inode64,noquota
40 17 0:15 / /sys/fs/selinux rw,relatime shared:23 - selinuxfs selinuxfs rw
41 18 0:34 / /proc/sys/fs/binfmt_misc rw,relatime shared:24 - autofs systemd-1 rw,fd=32,pgrp=1,timeout=0,minproto=5,maxproto=5,direct,pipe_ino=13766
42 19 0:35 / /dev/hugepages rw,relatime shared:25 - hugetlbfs hugetlbfs rw,seclabel
43 17 0:6 / /sys/kernel/debug rw,relatime shared:26 - debugfs debugfs rw
44 19 0:14 / /dev/mqueue rw,relatime shared:27 - mqueue mqueue rw,seclabel
73 39 8:1 / /boot rw,relatime shared:28 - xfs /dev/sda1 rw,seclabel,attr2,inode64,noquota
75 39 8:17 / /var rw,relatime shared:29 - xfs /dev/sdb1 rw,seclabel,attr2,inode64,noquota
77 75 8:33 / /var/lib/pgsql rw,noatime shared:30 - xfs /dev/sdc1 rw,seclabel,attr2,inode64,noquota
EOF
  write_swaps </dev/null
  write_vm dirty_ratio=20 dirty_background_ratio=10 dirty_bytes=0 dirty_background_bytes=0 \
    dirty_expire_centisecs=3000 dirty_writeback_centisecs=500 swappiness=30 \
    vfs_cache_pressure=100 min_free_kbytes=90112 overcommit_memory=0 page-cluster=3 \
    laptop_mode=0 zone_reclaim_mode=0 block_dump=0
  wcat etc/fstab <<'EOF'

#
# /etc/fstab
# Created by anaconda on Wed Mar 14 10:21:37 2018
#
# Accessible filesystems, by reference, are maintained under '/dev/disk'
# See man pages fstab(5), findfs(8), mount(8) and/or blkid(8) for more info
#
UUID=1e7c4a92-3f8b-4d06-a5e1-9c2b7d8f4e30 /                       xfs     defaults        0 0
UUID=6b2d9f14-8c3e-4a75-b0d9-e4f1a7c2b593 /boot                   xfs     defaults        0 0
UUID=c4a81e6f-2d7b-4f39-9e05-7b3c1d8a6f24 /var                    xfs     defaults        0 0
UUID=5e0b7c13-9a4d-4f62-8d21-3c6e9f0a7b48 /var/lib/pgsql          xfs     noatime         0 0
EOF
  w etc/os-release 'NAME="CentOS Linux"' 'VERSION="7 (Core)"' 'ID="centos"' 'ID_LIKE="rhel fedora"' \
    'VERSION_ID="7"' 'PRETTY_NAME="CentOS Linux 7 (Core)"'
  end_tree
}

# ============================================================ 9. db-hdd-ext4
# A MySQL server on spinning disks that a previous admin "tuned for speed":
# ext4 on md RAID10 mounted nobarrier, commit=60, data=writeback, and with a
# stripe= that counts all four disks instead of the two that hold data.
build_db_hdd_ext4() {
  begin_tree db-hdd-ext4 515
  write_kernel 5.15.0-107-generic "(buildd@lcy02-amd64-017) (gcc (Ubuntu 11.4.0-1ubuntu1~22.04) 11.4.0, GNU ld (GNU Binutils for Ubuntu) 2.38) #117-Ubuntu SMP Fri Apr 26 12:26:49 UTC 2024"
  mkdmi bios_vendor="American Megatrends Inc." bios_version=3.8a bios_date=10/28/2022 \
    bios_release=5.14 sys_vendor=Supermicro product_name=SYS-6029P-TR \
    product_version=0123456789 product_family="To be filled by O.E.M." \
    product_sku="To be filled by O.E.M." board_vendor=Supermicro board_name=X11DPi-N \
    board_version=1.20 board_asset_tag="To be filled by O.E.M." chassis_vendor=Supermicro \
    chassis_type=17 chassis_version=0123456789 chassis_asset_tag="To be filled by O.E.M."
  write_cpuinfo 24 vendor=GenuineIntel family=6 model=85 stepping=7 ucode=0x5003604 \
    name="Intel(R) Xeon(R) Silver 4214R CPU @ 2.40GHz" mhz=2400.000 cache=16896 \
    cores=12 threads=2 cpuid=22 flags="$CPU_CASCADELAKE_FLAGS" vmxflags="$CPU_INTEL_VMX" \
    bugs="spectre_v1 spectre_v2 spec_store_bypass swapgs taa itlb_multihit mmio_stale_data retbleed eibrs_pbrsb gds bhi" \
    bogo=4800.00 addr="46 bits physical, 48 bits virtual"
  local mem=131624612
  write_meminfo $mem 2241096 41202440 812344 38410220 0 0 119537664
  # Intel C621 AHCI (8 SATA ports)
  local pci=sys/devices/pci0000:00/0000:00:17.0 h
  mkpci "$pci" 0x8086 0xa182 0x010601 ahci 0x15d9 0x095b
  for h in 0 1 2 3 4 5 6 7; do
    mkshost "$pci/ata$((h + 1))/host$h" $h ahci can_queue=32 cmd_per_lun=1 \
      sg_tablesize=168 use_blk_mq=1 link_power_management_policy=max_performance \
      em_message_type=0
  done

  # sda: Intel D3-S4510 480GB system SSD
  local sdv=$pci/ata1/host0/target0:0:0/0:0:0:0
  mksdev "$sdv" 0 ATA "INTEL SSDSC2KB480G8" "$(ata_rev XCV10132)" 32 naa.55cd2e4150a1b2c3 6 \
    ncq_prio_enable=0 unload_heads=0
  mksdisk "$sdv" cache_type="write back" FUA=0 provisioning_mode=unmap \
    thin_provisioning=1 max_write_same_blocks=0 zeroing_mode=write
  local ns=937703088 e
  mkdisk sda "$sdv/block/sda" 8 0 $ns seq=1 dev="$sdv" io=302118,1810233,6104,120220 lat=8
  q_ata rot=0 sched="[mq-deadline] none" pbs=4096 minio=4096 dgran=512 dmax=2147450880 \
    dmaxhw=2147450880
  mkqueue sda
  e=$(gpt_end $ns)
  mkpart sda sda1 1 8 1 2048 1048576 io=312,2,0,0 lat=8
  mkpart sda sda2 2 8 2 1050624 $((e - 1050624)) io=301780,1810224,6104,0 lat=8

  # sdb-sde: four WD Ultrastar DC HC330 10TB (512e SATA), one Linux RAID
  # partition each, md0 RAID10 near=2 with a 512 KiB chunk
  local n=19532873728; e=$(gpt_end $n)
  local psize=$((e - 2048))
  local comp_s=$(((psize - 264192) / 1024 * 1024))
  local -a ser=(1EHK3A7N 1EHK4C2M 1EHK5D8P 1EHK7F1R)
  local -a wwn=(0x5000cca2a1b3c4d5 0x5000cca2a1b3c5e6 0x5000cca2a1b3c6f7 0x5000cca2a1b3c708)
  local -a sub=(2c7e9a41-5b3d-4f18-a6c2-8d0e1f9b3a57 6a1f3c85-9e2b-4d07-b4a8-1c5d7e9f2b63
                b8d2e4f6-1a3c-4e59-8b7d-3f0a2c4e6d81 e3f5a7c9-2b4d-4c6e-9a8b-5d1f3b7c9e02)
  local -a pu=(4d8b2e6a-1c3f-4a57-9e0b-7f2c5a8d1e34 8e2c6a4f-3d1b-4c79-a5e8-0b6d9f2a7c15
               1a5f9c3e-7b2d-4e86-b0c4-9d3e7a1f5b28 c6b0e4a8-5f3d-4d1c-8a9e-2e7b1c5d9f60)
  local i nm
  for i in 0 1 2 3; do
    nm=sd${LETTERS:i+1:1}
    sdv=$pci/ata$((i + 2))/host$((i + 1))/target$((i + 1)):0:0/$((i + 1)):0:0:0
    mksdev "$sdv" 0 ATA "WDC WUS721010ALE6L4" "$(ata_rev RXG0)" 32 "naa.${wwn[$i]#0x}" 6 \
      ncq_prio_enable=0 unload_heads=0
    mksdisk "$sdv" cache_type="write back" FUA=0 provisioning_mode=full \
      thin_provisioning=0 max_write_same_blocks=0 zeroing_mode=write
    mkdisk "$nm" "$sdv/block/$nm" 8 $(((i + 1) * 16)) $n seq=$((i + 2)) dev="$sdv" \
      io=$((88402311 + i * 4127)),$((41211880 + i * 2311)),0,1822103 lat=700
    q_ata rot=1 sched="[mq-deadline] none" pbs=4096 minio=4096 addrand=1 wbt=75000
    mkqueue "$nm"
    mkpart "$nm" "${nm}1" 1 8 $(((i + 1) * 16 + 1)) 2048 $psize \
      io=$((88401911 + i * 4127)),$((41211870 + i * 2311)),0,0 lat=700
  done
  mkmd md0 0 $((comp_s * 2)) raid10 258 524288 $((comp_s / 2)) 6 176803311,82422117,0,0 \
    sdb1 sdc1 sdd1 sde1
  qdef
  qset mode=bio rot=1 ra=2048 maxkb=1280 maxhwkb=32767 pbs=4096 minio=524288 \
    optio=1048576 segs=168 segsz=65536 dmaalign=511 wc="write back" fua=0 iostats=1
  mkqueue md0
  w proc/mdstat \
    "Personalities : [raid10] [linear] [multipath] [raid0] [raid1] [raid6] [raid5] [raid4] " \
    "md0 : active raid10 sde1[3] sdd1[2] sdc1[1] sdb1[0]" \
    "      $((comp_s)) blocks super 1.2 512K chunks 2 near-copies [4/4] [UUUU]" \
    "      bitmap: 3/146 pages [12KB], 65536KB chunk" "" "unused devices: <none>"

  {
    mi_systemd 8:2 /dev/sda2 ext4 rw,relatime rw,errors=remount-ro udev $mem
    cat <<'EOF2'
62 28 8:1 / /boot/efi rw,relatime shared:31 - vfat /dev/sda1 rw,fmask=0077,dmask=0077,codepage=437,iocharset=iso8859-1,shortname=mixed,errors=remount-ro
64 28 9:0 / /var/lib/mysql rw,noatime shared:33 - ext4 /dev/md0 rw,nobarrier,commit=60,stripe=512,data=writeback
EOF2
  } | write_mountinfo
  write_swaps </dev/null
  write_vm dirty_ratio=20 dirty_background_ratio=10 dirty_bytes=0 dirty_background_bytes=0 \
    dirty_expire_centisecs=3000 dirty_writeback_centisecs=500 swappiness=60 \
    vfs_cache_pressure=100 min_free_kbytes=90112 overcommit_memory=0 page-cluster=3 \
    laptop_mode=0 zone_reclaim_mode=0 dirtytime_expire_seconds=43200
  wcat etc/fstab <<'EOF2'
# /etc/fstab: static file system information.
#
# <file system> <mount point>   <type>  <options>       <dump>  <pass>
/dev/disk/by-uuid/5e2b8d41-7c3a-4f96-b1e0-a4d7c9f2e638 / ext4 defaults 0 1
/dev/disk/by-uuid/3A7C-E1F4 /boot/efi vfat defaults 0 1
# "tuned for speed" (2019): do not touch
UUID=9c4e1a7b-2f5d-4b83-a6e9-0d7c3f1b5e24 /var/lib/mysql ext4 noatime,nobarrier,commit=60,data=writeback,stripe=512 0 2
EOF2
  w etc/os-release 'PRETTY_NAME="Ubuntu 22.04.4 LTS"' 'NAME="Ubuntu"' 'VERSION_ID="22.04"' \
    'VERSION="22.04.4 LTS (Jammy Jellyfish)"' 'VERSION_CODENAME=jammy' 'ID=ubuntu' 'ID_LIKE=debian'
  wcat etc/mdadm/mdadm.conf <<'EOF2'
# mdadm.conf
HOMEHOST <system>
MAILADDR root
ARRAY /dev/md/0  metadata=1.2 UUID=7b3e9f21:c4a85d60:2e1f7b9a:d3c6e805 name=db01:0
EOF2

  UDEV_BASE=1802114
  local lin=0fc63daf-8483-4772-8e79-3d69d8477de4
  local common=(model="INTEL SSDSC2KB480G8" serial=PHYF9311004X480BGN fw=XCV10132
                wwn=0x55cd2e4150a1b2c3 port=pci-0000:00:17.0-ata-1 seq=1
                pt=b2e8d4c1-6a3f-4e97-8c05-1d9f7b3a2e64)
  udev_ata 8:0 "${common[@]}"
  udev_ata 8:1 "${common[@]}" part=1 partuuid=7f1c3e5a-9b2d-4c86-a4e0-6d8b2f1c9a37 \
    ptype=c12a7328-f81f-11d2-ba4b-00a0c93ec93b start=2048 size=1048576 disk=8:0 \
    fstype=vfat fsuuid=3A7C-E1F4 fsver=FAT32 usage=filesystem
  udev_ata 8:2 "${common[@]}" part=2 partuuid=e5a9c3f1-2d7b-4b48-9e6c-0a4f8d2b7c19 \
    ptype=$lin start=1050624 size="$(cat "$R/${DP[sda2]}/size")" disk=8:0 fstype=ext4 \
    fsuuid=5e2b8d41-7c3a-4f96-b1e0-a4d7c9f2e638 fsver=1.0 usage=filesystem
  local mdu=7b3e9f21-c4a8-5d60-2e1f-7b9ad3c6e805
  for i in 0 1 2 3; do
    nm=sd${LETTERS:i+1:1}
    local pt; pt=$(printf '5d%06x-3a1c-4e7b-9f20-8c4d6e2a1b3%x' $((0x4b91e0 + i)) "$i")
    common=(model="WDC WUS721010ALE6L4" serial="${ser[$i]}" fw=RXG0 wwn="${wwn[$i]}"
            port="pci-0000:00:17.0-ata-$((i + 2))" seq=$((i + 2)) pt="$pt")
    udev_ata "8:$(((i + 1) * 16))" "${common[@]}" rpm=7200
    udev_ata "8:$(((i + 1) * 16 + 1))" "${common[@]}" part=1 partuuid="${pu[$i]}" \
      ptype=a19d880f-05fc-4d3b-a006-743f0f84911e start=2048 size=$psize \
      disk="8:$(((i + 1) * 16))" fstype=linux_raid_member fsuuid=$mdu fsver=1.2 usage=raid \
      label=db01:0 fssub="${sub[$i]}" pname=raid$i \
      extra="E:UDISKS_MD_MEMBER_LEVEL=raid10|E:UDISKS_MD_MEMBER_DEVICES=4|E:UDISKS_MD_MEMBER_UUID=7b3e9f21:c4a85d60:2e1f7b9a:d3c6e805|E:UDISKS_MD_MEMBER_NAME=db01:0|E:UDISKS_MD_MEMBER_METADATA=1.2"
  done
  udevdb 9:0 <<EOF2
S:md/0
S:disk/by-id/md-name-db01:0
S:disk/by-id/md-uuid-7b3e9f21:c4a85d60:2e1f7b9a:d3c6e805
S:disk/by-uuid/9c4e1a7b-2f5d-4b83-a6e9-0d7c3f1b5e24
E:MD_LEVEL=raid10
E:MD_DEVICES=4
E:MD_METADATA=1.2
E:MD_UUID=7b3e9f21:c4a85d60:2e1f7b9a:d3c6e805
E:MD_DEVNAME=0
E:MD_NAME=db01:0
E:MD_DEVICE_ev_sdb1_ROLE=0
E:MD_DEVICE_ev_sdb1_DEV=/dev/sdb1
E:MD_DEVICE_ev_sdc1_ROLE=1
E:MD_DEVICE_ev_sdc1_DEV=/dev/sdc1
E:MD_DEVICE_ev_sdd1_ROLE=2
E:MD_DEVICE_ev_sdd1_DEV=/dev/sdd1
E:MD_DEVICE_ev_sde1_ROLE=3
E:MD_DEVICE_ev_sde1_DEV=/dev/sde1
E:ID_FS_UUID=9c4e1a7b-2f5d-4b83-a6e9-0d7c3f1b5e24
E:ID_FS_UUID_ENC=9c4e1a7b-2f5d-4b83-a6e9-0d7c3f1b5e24
E:ID_FS_VERSION=1.0
E:ID_FS_TYPE=ext4
E:ID_FS_USAGE=filesystem
E:SYSTEMD_WANTS=mdmonitor.service
E:UDISKS_MD_LEVEL=raid10
E:UDISKS_MD_DEVICES=4
E:UDISKS_MD_METADATA=1.2
E:UDISKS_MD_UUID=7b3e9f21:c4a85d60:2e1f7b9a:d3c6e805
E:UDISKS_MD_DEVNAME=0
E:UDISKS_MD_NAME=db01:0
EOF2
  end_tree
}

# ====================================================== 10. backup-raid6-xfs
# A backup server whose md RAID6 grew from six to eight disks: the array was
# reshaped, but XFS still has the stripe width of the six-disk layout.  The
# 2 MiB chunk is larger than the members' default max_sectors_kb.
build_backup_raid6_xfs() {
  begin_tree backup-raid6-xfs 601
  write_kernel 6.1.0-28-amd64 "(debian-kernel@lists.debian.org) (gcc-12 (Debian 12.2.0-14) 12.2.0, GNU ld (GNU Binutils for Debian) 2.40) #1 SMP PREEMPT_DYNAMIC Debian 6.1.119-1 (2024-11-22)"
  mkdmi bios_vendor="American Megatrends Inc." bios_version=4.1 bios_date=03/14/2023 \
    bios_release=5.14 sys_vendor=Supermicro product_name="Super Server" \
    product_version=0123456789 product_family="To be filled by O.E.M." \
    product_sku="To be filled by O.E.M." board_vendor=Supermicro board_name=X11SPL-F \
    board_version=1.02 board_asset_tag="To be filled by O.E.M." chassis_vendor=Supermicro \
    chassis_type=17 chassis_version=0123456789 chassis_asset_tag="To be filled by O.E.M."
  write_cpuinfo 20 vendor=GenuineIntel family=6 model=85 stepping=7 ucode=0x5003604 \
    name="Intel(R) Xeon(R) Silver 4210R CPU @ 2.40GHz" mhz=2400.000 cache=14080 \
    cores=10 threads=2 cpuid=22 flags="$CPU_CASCADELAKE_FLAGS" vmxflags="$CPU_INTEL_VMX" \
    bugs="spectre_v1 spectre_v2 spec_store_bypass swapgs taa itlb_multihit mmio_stale_data retbleed eibrs_pbrsb gds bhi" \
    bogo=4800.00 addr="46 bits physical, 48 bits virtual"
  local mem=65662388
  write_meminfo $mem 1302244 58907332 402112 55120448 0 0 58720256
  BDI_MAXB=2744582144

  # nvme0n1: Samsung 970 EVO Plus 500GB (M.2 on the board), the system disk
  local pp=sys/devices/pci0000:00/0000:00:1d.0/0000:3b:00.0
  mkpci "$pp" 0x144d 0xa808 0x010802 nvme 0x144d 0xa801
  local c=$pp/nvme/nvme0
  mknvme "$c" 0 241 "Samsung SSD 970 EVO Plus 500GB" S4EVNF0M712345K 2B2QEXM7 \
    "nqn.2014.08.org.nvmexpress:144d144dS4EVNF0M712345K     Samsung SSD 970 EVO Plus 500GB" 4 9
  local nn=976773168 e
  mkdisk nvme0n1 "$c/nvme0n1" 259 0 $nn range=0 seq=1 dev="$c" io=402117,3120442,21055,88012 lat=3
  q_nvme hwq=8 cpus=20 sched="[none] mq-deadline " wc="write back" fua=1
  mkqueue nvme0n1
  nvme_ns nvme0n1 1 eui.0025385791b2c3d4 eui=00-25-38-57-91-b2-c3-d4
  e=$(gpt_end $nn)
  mkpart nvme0n1 nvme0n1p1 1 259 1 2048 1048576 io=301,2,0,0 lat=3
  mkpart nvme0n1 nvme0n1p2 2 259 2 1050624 $((e - 1050624)) io=401790,3120430,21055,0 lat=3

  # Intel C621 AHCI, 8 SATA ports: eight Seagate Exos X16 14TB (512e)
  local pci=sys/devices/pci0000:00/0000:00:17.0 h
  mkpci "$pci" 0x8086 0xa182 0x010601 ahci 0x15d9 0x095d
  for h in 0 1 2 3 4 5 6 7; do
    mkshost "$pci/ata$((h + 1))/host$h" $h ahci can_queue=32 cmd_per_lun=1 \
      sg_tablesize=168 nr_hw_queues=1 link_power_management_policy=max_performance \
      em_message_type=0
  done
  local n=27344764928; e=$(gpt_end $n)
  local psize=$((e - 2048))
  # the component size is a whole number of 2 MiB chunks (4096 sectors)
  local comp_s=$(((psize - 264192) / 4096 * 4096))
  local -a ser=(ZL2A1B3C ZL2A1D5E ZL2A2F7G ZL2A3H9J ZL2A4K1L ZL2A5M3N ZL2B6P5Q ZL2B7R7S)
  local i nm sdv
  local -a members=()
  for i in 0 1 2 3 4 5 6 7; do
    nm=sd${LETTERS:i:1}
    sdv=$pci/ata$((i + 1))/host$i/target$i:0:0/$i:0:0:0
    mksdev "$sdv" 0 ATA "ST14000NM001G-2KJ103" "$(ata_rev SN03)" 32 \
      "naa.5000c500d$(printf '%07x' $((0x1a2b3c4 + i * 4369)))" 6 ncq_prio_enable=0 unload_heads=0
    mksdisk "$sdv" cache_type="write back" FUA=0 provisioning_mode=full \
      thin_provisioning=0 max_write_same_blocks=0 zeroing_mode=write
    mkdisk "$nm" "$sdv/block/$nm" 8 $((i * 16)) $n seq=$((i + 2)) dev="$sdv" \
      io=$((1204411 + i * 907)),$((58211880 + i * 1311)),0,40211 lat=820
    q_ata rot=1 sched="[mq-deadline] none" pbs=4096 minio=4096 addrand=1 wbt=75000
    mkqueue "$nm"
    mkpart "$nm" "${nm}1" 1 8 $((i * 16 + 1)) 2048 $psize \
      io=$((1204011 + i * 907)),$((58211870 + i * 1311)),0,0 lat=820
    members+=("${nm}1")
  done
  # md0: RAID6, left-symmetric, 2 MiB chunk, 8 disks (6 with data): 12 MiB stripe
  local arr=$((comp_s * 6))
  mkmd md0 0 $arr raid6 2 2097152 $((comp_s / 2)) 10 9704100,465720112,0,0 "${members[@]}" \
    uuid=a4c81e7f-3b9d-4e25-8f60-d2b7c1e9a354
  qdef
  qset mode=bio rot=1 ra=24576 maxkb=1280 maxhwkb=32767 pbs=4096 minio=2097152 \
    optio=12582912 segs=65535 segsz=65536 dmaalign=511 wc="write back" fua=0 iostats=1
  mkqueue md0
  w proc/mdstat \
    "Personalities : [raid6] [raid5] [raid4] [linear] [multipath] [raid0] [raid1] [raid10] " \
    "md0 : active raid6 sdh1[7] sdg1[6] sdf1[5] sde1[4] sdd1[3] sdc1[2] sdb1[1] sda1[0]" \
    "      $((arr / 2)) blocks super 1.2 level 6, 2048k chunk, algorithm 2 [8/8] [UUUUUUUU]" \
    "      bitmap: 0/102 pages [0KB], 65536KB chunk" "" "unused devices: <none>"

  {
    mi_systemd 259:2 /dev/nvme0n1p2 ext4 rw,relatime rw,errors=remount-ro udev $mem
    cat <<'EOF2'
62 28 259:1 / /boot/efi rw,relatime shared:31 - vfat /dev/nvme0n1p1 rw,fmask=0077,dmask=0077,codepage=437,iocharset=ascii,shortname=mixed,utf8,errors=remount-ro
64 28 9:0 / /srv/backup rw,relatime shared:33 - xfs /dev/md0 rw,attr2,inode64,logbufs=8,logbsize=256k,sunit=4096,swidth=16384,noquota
EOF2
  } | write_mountinfo
  write_swaps </dev/null
  write_vm dirty_ratio=20 dirty_background_ratio=10 dirty_bytes=0 dirty_background_bytes=0 \
    dirty_expire_centisecs=3000 dirty_writeback_centisecs=500 swappiness=60 \
    vfs_cache_pressure=100 min_free_kbytes=67584 overcommit_memory=0 page-cluster=3 \
    laptop_mode=0 zone_reclaim_mode=0 dirtytime_expire_seconds=43200
  wcat etc/fstab <<'EOF2'
# /etc/fstab: static file system information.
#
# <file system> <mount point>   <type>  <options>       <dump>  <pass>
UUID=d17a3c5e-8b2f-4e96-a0c4-7f1e9b3d5a28 /               ext4    errors=remount-ro 0       1
UUID=61B3-9D2E  /boot/efi       vfat    umask=0077      0       1
UUID=f2c8e4a6-1d3b-4f79-9e05-b7a3c1d5e9f4 /srv/backup     xfs     defaults        0       2
EOF2
  w etc/os-release 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"' 'NAME="Debian GNU/Linux"' \
    'VERSION_ID="12"' 'VERSION="12 (bookworm)"' 'VERSION_CODENAME=bookworm' 'ID=debian'
  wcat etc/mdadm/mdadm.conf <<'EOF2'
# mdadm.conf
HOMEHOST <system>
MAILADDR root
ARRAY /dev/md/0  metadata=1.2 UUID=a4c81e7f:3b9d4e25:8f60d2b7:c1e9a354 name=backup01:0
EOF2

  UDEV_BASE=2210457
  local cm=(model="Samsung SSD 970 EVO Plus 500GB" serial=S4EVNF0M712345K fw=2B2QEXM7
            wwid=eui.0025385791b2c3d4 nsid=1 path=pci-0000:3b:00.0-nvme-1 seq=1
            pt=3e7b1d9f-5a2c-4f84-b6e0-c8d2a4f1e937)
  udev_nvme 259:0 "${cm[@]}"
  udev_nvme 259:1 "${cm[@]}" part=1 partuuid=a2d6f8b4-7c1e-4935-8d0a-5e3b9c7f1d46 \
    ptype=c12a7328-f81f-11d2-ba4b-00a0c93ec93b start=2048 size=1048576 disk=259:0 \
    fstype=vfat fsuuid=61B3-9D2E fsver=FAT32 usage=filesystem
  udev_nvme 259:2 "${cm[@]}" part=2 partuuid=5f9b3d7e-2a4c-4e18-b6d0-a1c3e5f7b982 \
    ptype=0fc63daf-8483-4772-8e79-3d69d8477de4 start=1050624 \
    size="$(cat "$R/${DP[nvme0n1p2]}/size")" disk=259:0 fstype=ext4 \
    fsuuid=d17a3c5e-8b2f-4e96-a0c4-7f1e9b3d5a28 fsver=1.0 usage=filesystem
  local mdu=a4c81e7f-3b9d-4e25-8f60-d2b7c1e9a354
  for i in 0 1 2 3 4 5 6 7; do
    nm=sd${LETTERS:i:1}
    local w; w=0x5000c500d$(printf '%07x' $((0x1a2b3c4 + i * 4369)))
    local pt; pt=$(printf '8a%06x-6d2e-4b1f-a9c3-5e7d1b3f9a2%x' $((0x71c3d0 + i)) "$i")
    local pu; pu=$(printf 'c%07x-9e4a-4d6b-8f1c-3a5e7b9d1f4%x' $((0x3b5d7f1 + i * 77)) "$i")
    local sb; sb=$(printf '%08x-2b6d-4f8a-9c1e-7d3f5a9b2c6%x' $((0x6e1a3c5d + i * 131)) "$i")
    local common=(model="ST14000NM001G-2KJ103" serial="${ser[$i]}" fw=SN03 wwn="$w"
                  port="pci-0000:00:17.0-ata-$((i + 1))" seq=$((i + 2)) pt="$pt")
    udev_ata "8:$((i * 16))" "${common[@]}" rpm=7200
    udev_ata "8:$((i * 16 + 1))" "${common[@]}" part=1 partuuid="$pu" \
      ptype=a19d880f-05fc-4d3b-a006-743f0f84911e start=2048 size=$psize \
      disk="8:$((i * 16))" fstype=linux_raid_member fsuuid=$mdu fsver=1.2 usage=raid \
      label=backup01:0 fssub="$sb" pname=raid$i \
      extra="E:UDISKS_MD_MEMBER_LEVEL=raid6|E:UDISKS_MD_MEMBER_DEVICES=8|E:UDISKS_MD_MEMBER_UUID=a4c81e7f:3b9d4e25:8f60d2b7:c1e9a354|E:UDISKS_MD_MEMBER_NAME=backup01:0|E:UDISKS_MD_MEMBER_METADATA=1.2"
  done
  {
    cat <<'EOF2'
S:md/0
S:disk/by-id/md-name-backup01:0
S:disk/by-id/md-uuid-a4c81e7f:3b9d4e25:8f60d2b7:c1e9a354
S:disk/by-uuid/f2c8e4a6-1d3b-4f79-9e05-b7a3c1d5e9f4
E:MD_LEVEL=raid6
E:MD_DEVICES=8
E:MD_METADATA=1.2
E:MD_UUID=a4c81e7f:3b9d4e25:8f60d2b7:c1e9a354
E:MD_DEVNAME=0
E:MD_NAME=backup01:0
EOF2
    for i in 0 1 2 3 4 5 6 7; do
      echo "E:MD_DEVICE_ev_sd${LETTERS:i:1}1_ROLE=$i"
      echo "E:MD_DEVICE_ev_sd${LETTERS:i:1}1_DEV=/dev/sd${LETTERS:i:1}1"
    done
    cat <<'EOF2'
E:ID_FS_UUID=f2c8e4a6-1d3b-4f79-9e05-b7a3c1d5e9f4
E:ID_FS_UUID_ENC=f2c8e4a6-1d3b-4f79-9e05-b7a3c1d5e9f4
E:ID_FS_TYPE=xfs
E:ID_FS_USAGE=filesystem
E:SYSTEMD_WANTS=mdmonitor.service
E:UDISKS_MD_LEVEL=raid6
E:UDISKS_MD_DEVICES=8
E:UDISKS_MD_METADATA=1.2
E:UDISKS_MD_UUID=a4c81e7f:3b9d4e25:8f60d2b7:c1e9a354
E:UDISKS_MD_DEVNAME=0
E:UDISKS_MD_NAME=backup01:0
EOF2
  } | udevdb 9:0
  end_tree
}

# ===================================================== 11. fileserver-hwraid
# A Dell file server: the OS on a BOSS-S1 card (RAID1 of two M.2 SATA SSDs
# behind a Marvell AHCI controller), the shares on a PERC H730P RAID5 volume
# of four NL-SAS disks with a 256 KiB strip.  Three data disks make a 768 KiB
# stripe, so the standard 1 MiB partition start is off a stripe boundary.
build_fileserver_hwraid() {
  begin_tree fileserver-hwraid 515
  write_kernel 5.14.0-427.42.1.el9_4.x86_64 "(mockbuild@iad1-prod-build001.bld.equ.rockylinux.org) (gcc (GCC) 11.4.1 20231218 (Red Hat 11.4.1-3), GNU ld version 2.35.2-43.el9) #1 SMP PREEMPT_DYNAMIC Fri Nov 1 14:49:49 UTC 2024"
  mkdmi bios_vendor="Dell Inc." bios_version=2.21.1 bios_date=06/11/2024 bios_release=2.21 \
    sys_vendor="Dell Inc." product_name="PowerEdge T440" product_version="" \
    product_family=PowerEdge product_sku=SKU=NotProvided board_vendor="Dell Inc." \
    board_name=021KCD board_version=A04 chassis_vendor="Dell Inc." chassis_type=17 \
    chassis_version="" chassis_asset_tag=""
  write_cpuinfo 16 vendor=GenuineIntel family=6 model=85 stepping=7 ucode=0x5003707 \
    name="Intel(R) Xeon(R) Silver 4208 CPU @ 2.10GHz" mhz=2100.000 cache=11264 \
    cores=8 threads=2 cpuid=22 flags="$CPU_CASCADELAKE_FLAGS" vmxflags="$CPU_INTEL_VMX" \
    bugs="spectre_v1 spectre_v2 spec_store_bypass swapgs taa itlb_multihit mmio_stale_data retbleed eibrs_pbrsb gds bhi" \
    bogo=4200.00 addr="46 bits physical, 48 bits virtual"
  local mem=32480012
  write_meminfo $mem 612004 29102244 4120 27710036 0 0 27262976

  # BOSS-S1: Marvell 88SE9230 AHCI presenting one RAID1 virtual disk
  local bp=sys/devices/pci0000:00/0000:00:1c.0/0000:02:00.0 h
  mkpci "$bp" 0x1b4b 0x9230 0x010601 ahci 0x1028 0x1fe2
  for h in 0 1 2 3; do
    mkshost "$bp/ata$((h + 1))/host$h" $h ahci can_queue=32 cmd_per_lun=1 \
      sg_tablesize=168 nr_hw_queues=1 link_power_management_policy=max_performance \
      em_message_type=0
  done
  local sdv=$bp/ata1/host0/target0:0:0/0:0:0:0
  mksdev "$sdv" 0 ATA "DELLBOSS VD" "$(ata_rev MV.R00-0)" 32 "" 6 ncq_prio_enable=0 \
    unload_heads=0
  mksdisk "$sdv" cache_type="write back" FUA=0 provisioning_mode=full \
    thin_provisioning=0 max_write_same_blocks=0 zeroing_mode=write
  local ns=468731008 e
  mkdisk sda "$sdv/block/sda" 8 0 $ns seq=1 dev="$sdv" io=188211,702331,0,41022 lat=10
  q_ata rot=0 sched="[mq-deadline] kyber bfq none" ra=4096 wbt=2000
  mkqueue sda
  e=$(gpt_end $ns)
  mkpart sda sda1 1 8 1 2048 1228800 partname="EFI System Partition" io=288,2,0,0 lat=10
  mkpart sda sda2 2 8 2 1230848 2097152 io=1402,221,0,0 lat=10
  mkpart sda sda3 3 8 3 3328000 $((e - 3328000)) io=186410,702100,0,0 lat=10

  # PERC H730P Mini (megaraid_sas): VD 0, RAID5 of 4 x 4TB NL-SAS, 256 KiB strip
  local pp=sys/devices/pci0000:17/0000:17:00.0/0000:18:00.0
  mkpci "$pp" 0x1000 0x005d 0x010400 megaraid_sas 0x1028 0x1f47
  mkshost "$pp/host1" 1 megaraid_sas can_queue=5101 cmd_per_lun=128 sg_tablesize=128 \
    nr_hw_queues=1 fw_crash_state=0 page_size=4095 ldio_outstanding=0 \
    fw_cmds_outstanding=0 raid_map_id=3
  sdv=$pp/host1/target1:2:0/1:2:0:0
  mksdev "$sdv" 0 DELL "PERC H730P Mini" 4.30 256 naa.6d09466067a1b2002c8e4f1a0b3c5d7e 6
  mksdisk "$sdv" cache_type="write through" FUA=0 provisioning_mode=full \
    thin_provisioning=0 max_write_same_blocks=0 zeroing_mode=write
  local nv=23435673600
  mkdisk sdb "$sdv/block/sdb" 8 16 $nv seq=2 dev="$sdv" io=9120441,4410220,0,201334 lat=140
  qdef
  qset mode=mq rot=1 sched="[mq-deadline] kyber bfq none" nr=256 tags=5089 ra=4096 \
    maxkb=1024 maxhwkb=1024 pbs=512 minio=262144 optio=786432 wc="write through" \
    segs=128 segsz=65536 addrand=1 wbt=75000 timeout=90000 dmaalign=3
  mkqueue sdb
  e=$(gpt_end $nv)
  mkpart sdb sdb1 1 8 17 2048 $((e - 2048)) partname=share io=9120102,4410201,0,0 lat=140

  {
    mi_systemd 8:3 /dev/sda3 xfs rw,relatime \
      rw,seclabel,attr2,inode64,logbufs=8,logbsize=32k,noquota devtmpfs $mem
    cat <<'EOF2'
42 22 0:35 / /sys/fs/selinux rw,nosuid,noexec,relatime shared:21 - selinuxfs selinuxfs rw
61 28 8:2 / /boot rw,relatime shared:31 - xfs /dev/sda2 rw,seclabel,attr2,inode64,logbufs=8,logbsize=32k,noquota
63 61 8:1 / /boot/efi rw,relatime shared:33 - vfat /dev/sda1 rw,fmask=0077,dmask=0077,codepage=437,iocharset=ascii,shortname=winnt,errors=remount-ro
65 28 8:17 / /srv/share rw shared:35 - xfs /dev/sdb1 rw,seclabel,attr2,inode64,logbufs=8,logbsize=256k,sunit=512,swidth=1536,noquota
EOF2
  } | write_mountinfo
  write_swaps </dev/null
  # tuned's throughput-performance profile (the RHEL default on servers)
  write_vm dirty_ratio=40 dirty_background_ratio=10 dirty_bytes=0 dirty_background_bytes=0 \
    dirty_expire_centisecs=3000 dirty_writeback_centisecs=500 swappiness=10 \
    vfs_cache_pressure=100 min_free_kbytes=67584 overcommit_memory=0 page-cluster=3 \
    laptop_mode=0 zone_reclaim_mode=0 dirtytime_expire_seconds=43200
  wcat etc/fstab <<'EOF2'

#
# /etc/fstab
# Created by anaconda on Tue Mar 12 09:41:27 2024
#
# Accessible filesystems, by reference, are maintained under '/dev/disk/'.
# See man pages fstab(5), findfs(8), mount(8) and/or blkid(8) for more info.
#
UUID=0b7e3f19-6d2a-4c85-9e41-a3f5c7d9b216 /                       xfs     defaults        0 0
UUID=8d2a6c4e-1f3b-4a97-b5e0-7c9e1d3f5a82 /boot                   xfs     defaults        0 0
UUID=4E1A-7C39          /boot/efi               vfat    umask=0077,shortname=winnt 0 2
# archive-tiering moves files not read for 180 days: it needs real access times
UUID=c5f1a3e7-9b2d-4e68-a0c4-2d6f8b1e3a59 /srv/share              xfs     defaults,strictatime 0 0
EOF2
  w etc/os-release 'NAME="Rocky Linux"' 'VERSION="9.4 (Blue Onyx)"' 'ID="rocky"' \
    'ID_LIKE="rhel centos fedora"' 'VERSION_ID="9.4"' 'PLATFORM_ID="platform:el9"' \
    'PRETTY_NAME="Rocky Linux 9.4 (Blue Onyx)"'

  UDEV_BASE=3012877
  local common=(model="DELLBOSS VD" serial=a1b2c3d4e5f60010 fw=MV.R00-0 seq=1
                port=pci-0000:02:00.0-ata-1 pt=9f3b5d7a-2c4e-4f16-a8b0-6e1d3c5a7f92)
  udev_ata 8:0 "${common[@]}"
  udev_ata 8:1 "${common[@]}" part=1 partuuid=2e6a8c0f-4b1d-4e73-9a5c-d7f9b1e3a648 \
    ptype=c12a7328-f81f-11d2-ba4b-00a0c93ec93b start=2048 size=1228800 disk=8:0 \
    pname="EFI\x20System\x20Partition" fstype=vfat fsuuid=4E1A-7C39 fsver=FAT32 \
    usage=filesystem
  udev_ata 8:2 "${common[@]}" part=2 partuuid=7b1d3f5a-9c2e-4a84-b6d0-1e3f5a7c9b20 \
    ptype=0fc63daf-8483-4772-8e79-3d69d8477de4 start=1230848 size=2097152 disk=8:0 \
    fstype=xfs fsuuid=8d2a6c4e-1f3b-4a97-b5e0-7c9e1d3f5a82 fsver="" usage=filesystem
  udev_ata 8:3 "${common[@]}" part=3 partuuid=c4e6a8b0-3d5f-4c17-9e2a-5b7d9f1a3c64 \
    ptype=0fc63daf-8483-4772-8e79-3d69d8477de4 start=3328000 \
    size="$(cat "$R/${DP[sda3]}/size")" disk=8:0 fstype=xfs \
    fsuuid=0b7e3f19-6d2a-4c85-9e41-a3f5c7d9b216 fsver="" usage=filesystem
  local wid=36d09466067a1b2002c8e4f1a0b3c5d7e path=pci-0000:18:00.0-scsi-0:2:0:0
  udevdb 8:16 <<EOF2
S:disk/by-id/scsi-$wid
S:disk/by-id/wwn-0x6d09466067a1b2002c8e4f1a0b3c5d7e
S:disk/by-path/$path
S:disk/by-diskseq/2
E:ID_SCSI=1
E:ID_VENDOR=DELL
E:ID_VENDOR_ENC=DELL\x20\x20\x20\x20
E:ID_MODEL=PERC_H730P_Mini
E:ID_MODEL_ENC=PERC\x20H730P\x20Mini\x20
E:ID_REVISION=4.30
E:ID_TYPE=disk
E:ID_SERIAL=$wid
E:ID_SERIAL_SHORT=6d09466067a1b2002c8e4f1a0b3c5d7e
E:ID_WWN=0x6d09466067a1b200
E:ID_WWN_VENDOR_EXTENSION=0x2c8e4f1a0b3c5d7e
E:ID_WWN_WITH_EXTENSION=0x6d09466067a1b2002c8e4f1a0b3c5d7e
E:ID_BUS=scsi
E:ID_PATH=$path
E:ID_PATH_TAG=pci-0000_18_00_0-scsi-0_2_0_0
E:ID_PART_TABLE_UUID=1d5f9b3e-7a2c-4e68-8b0d-4f6a8c2e1b57
E:ID_PART_TABLE_TYPE=gpt
EOF2
  udevdb 8:17 <<EOF2
S:disk/by-id/scsi-$wid-part1
S:disk/by-id/wwn-0x6d09466067a1b2002c8e4f1a0b3c5d7e-part1
S:disk/by-path/$path-part1
S:disk/by-diskseq/2-part1
S:disk/by-partuuid/6f8b0d2a-4c6e-4193-a7f5-9b1d3e5f7c80
S:disk/by-partlabel/share
S:disk/by-uuid/c5f1a3e7-9b2d-4e68-a0c4-2d6f8b1e3a59
E:ID_SCSI=1
E:ID_VENDOR=DELL
E:ID_MODEL=PERC_H730P_Mini
E:ID_REVISION=4.30
E:ID_TYPE=disk
E:ID_SERIAL=$wid
E:ID_SERIAL_SHORT=6d09466067a1b2002c8e4f1a0b3c5d7e
E:ID_WWN=0x6d09466067a1b200
E:ID_WWN_WITH_EXTENSION=0x6d09466067a1b2002c8e4f1a0b3c5d7e
E:ID_BUS=scsi
E:ID_PATH=$path
E:ID_PATH_TAG=pci-0000_18_00_0-scsi-0_2_0_0
E:ID_PART_TABLE_UUID=1d5f9b3e-7a2c-4e68-8b0d-4f6a8c2e1b57
E:ID_PART_TABLE_TYPE=gpt
E:ID_FS_UUID=c5f1a3e7-9b2d-4e68-a0c4-2d6f8b1e3a59
E:ID_FS_UUID_ENC=c5f1a3e7-9b2d-4e68-a0c4-2d6f8b1e3a59
E:ID_FS_TYPE=xfs
E:ID_FS_USAGE=filesystem
E:ID_PART_ENTRY_SCHEME=gpt
E:ID_PART_ENTRY_NAME=share
E:ID_PART_ENTRY_UUID=6f8b0d2a-4c6e-4193-a7f5-9b1d3e5f7c80
E:ID_PART_ENTRY_TYPE=0fc63daf-8483-4772-8e79-3d69d8477de4
E:ID_PART_ENTRY_NUMBER=1
E:ID_PART_ENTRY_OFFSET=2048
E:ID_PART_ENTRY_SIZE=$(cat "$R/${DP[sdb1]}/size")
E:ID_PART_ENTRY_DISK=8:16
EOF2
  end_tree
}

# ============================================================ 12. mail-mbox
# A small Postfix/Dovecot mail VM (Debian 12, KVM): mbox spools on their own
# virtio disk, mounted noatime by a "noatime everywhere" guide, which breaks
# new-mail detection; homes on the root disk.
build_mail_mbox() {
  begin_tree mail-mbox 601
  write_kernel 6.1.0-28-amd64 "(debian-kernel@lists.debian.org) (gcc-12 (Debian 12.2.0-14) 12.2.0, GNU ld (GNU Binutils for Debian) 2.40) #1 SMP PREEMPT_DYNAMIC Debian 6.1.119-1 (2024-11-22)"
  write_cpuinfo 4 vendor=AuthenticAMD family=25 model=1 stepping=1 ucode=0x1000065 \
    name="AMD EPYC-Milan Processor" mhz=2445.406 cache=512 cores=4 cpuid=16 flags="$CPU_EPYC_VM_FLAGS" \
    bugs="sysret_ss_attrs null_seg spectre_v1 spectre_v2 spec_store_bypass srso" \
    bogo=4890.81 tlb="1024 4K pages" addr="40 bits physical, 48 bits virtual"
  local mem=8138756
  write_meminfo $mem 2210344 6870112 190412 4302876 2097148 2097148 8388608
  BDI_MAXB=1666617958

  local pci=sys/devices/pci0000:00 disk i=0
  for disk in vda vdb; do
    local slot=0000:00:0$((4 + i)).0 vn=virtio$((2 + i))
    mkpci "$pci/$slot" 0x1af4 0x1001 0x010000 virtio-pci 0x1af4 0x0002
    w "$pci/$slot/revision" 0x00
    local v=$pci/$slot/$vn
    attrs "$v" device=0x0002 vendor=0x1af4 status=0x0000000f \
      modalias=virtio:d00000002v00001AF4 \
      features=0010101001110000000000000000110010000000000000000000000000000000
    w "$v/uevent" DRIVER=virtio_blk MODALIAS=virtio:d00000002v00001AF4
    lnk sys/bus/virtio/drivers/virtio_blk "$v/driver"
    lnk sys/bus/virtio "$v/subsystem"
    lnk "$v" sys/bus/virtio/drivers/virtio_blk/$vn
    lnk "$v" sys/bus/virtio/devices/$vn
    i=$((i + 1))
  done
  w sys/bus/virtio/drivers_autoprobe 1

  # vda: 32 GiB system disk, one partition (ext4 /); vdb: 200 GiB, whole
  # disk ext4 for /var/mail
  local v1=$pci/0000:00:04.0/virtio2 v2=$pci/0000:00:05.0/virtio3
  mkdisk vda "$v1/block/vda" 254 0 67108864 seq=1 dev="$v1" io=182544,96310,1203,3408 lat=21
  attrs "$v1/block/vda" cache_type="write back"
  printf '%s' mail-sys > "$R/$v1/block/vda/serial"
  qdef
  qset mode=mq rot=1 sched="[none] mq-deadline " nr=256 tags=256 cpulists="0-3" \
    maxkb=1280 maxhwkb=2147483647 wc="write back" dgran=512 dmax=2147483136 \
    dmaxhw=2147483136 segs=254 segsz=4294967295 wbt=75000
  mkqueue vda
  mkpart vda vda1 1 254 1 2048 67106783 io=182410,96300,1201,3407
  mkdisk vdb "$v2/block/vdb" 254 16 419430400 seq=2 dev="$v2" io=903118,411842,2208,5019 lat=24
  attrs "$v2/block/vdb" cache_type="write back"
  printf '%s' mail-spool > "$R/$v2/block/vdb/serial"
  qdef
  qset mode=mq rot=1 sched="[none] mq-deadline " nr=256 tags=256 cpulists="0-3" \
    maxkb=1280 maxhwkb=2147483647 wc="write back" dgran=512 dmax=2147483136 \
    dmaxhw=2147483136 segs=254 segsz=4294967295 wbt=75000
  mkqueue vdb

  {
    mi_systemd 254:1 /dev/vda1 ext4 rw,relatime rw,errors=remount-ro udev $mem
    echo "61 28 254:16 / /var/mail rw,nosuid,nodev,noatime shared:33 - ext4 /dev/vdb rw"
  } | write_mountinfo
  write_swaps </dev/null
  write_vm dirty_ratio=20 dirty_background_ratio=10 dirty_bytes=0 dirty_background_bytes=0 \
    dirty_expire_centisecs=3000 dirty_writeback_centisecs=500 swappiness=60 \
    vfs_cache_pressure=100 min_free_kbytes=67584 overcommit_memory=0 page-cluster=3 \
    laptop_mode=0 zone_reclaim_mode=0 dirtytime_expire_seconds=43200
  w etc/fstab "# /etc/fstab: static file system information." \
    "UUID=4f1c2a9e-7b3d-4e58-9a61-2c8d5e0f3b17 /         ext4 errors=remount-ro 0 1" \
    "UUID=b83e6d21-95fa-4c07-8e1d-6a4f2b9c0d35 /var/mail ext4 nosuid,nodev,noatime 0 2"
  end_tree
}

# ============================================================ 13. bcache-hdd
# Debian 12, kernel 6.1: a 16 TB HDD behind a bcache on an NVMe partition,
# in writeback mode with dirty data; / on LUKS on the same NVMe.
build_bcache_hdd() {
  begin_tree bcache-hdd 601
  write_kernel 6.1.0-27-amd64 "(debian-kernel@lists.debian.org) (gcc-12 (Debian 12.2.0-14) 12.2.0, GNU ld (GNU Binutils for Debian) 2.40) #1 SMP PREEMPT_DYNAMIC Debian 6.1.115-1 (2024-11-01)"
  mkdmi bios_vendor="American Megatrends Inc." bios_version=2.1 bios_date=06/18/2021 \
    bios_release=5.14 sys_vendor=Supermicro product_name="Super Server" \
    product_version=0123456789 product_family="To be filled by O.E.M." \
    product_sku="To be filled by O.E.M." board_vendor=Supermicro board_name=X11SCL-F \
    board_version=1.02 board_asset_tag="To be filled by O.E.M." chassis_vendor=Supermicro \
    chassis_type=17 chassis_version=0123456789 chassis_asset_tag="To be filled by O.E.M."
  write_cpuinfo 12 vendor=GenuineIntel family=6 model=158 stepping=10 ucode=0xf8 \
    name="Intel(R) Xeon(R) E-2236 CPU @ 3.40GHz" mhz=3400.000 cache=12288 cores=6 \
    threads=2 cpuid=22 flags="$CPU_COFFEELAKE_FLAGS" vmxflags="$CPU_INTEL_VMX" \
    bugs="spectre_v1 spectre_v2 spec_store_bypass swapgs taa itlb_multihit srbds mmio_stale_data retbleed eibrs_pbrsb gds" \
    bogo=6799.81 addr="39 bits physical, 48 bits virtual"
  local mem=65682404
  write_meminfo $mem 2210412 51022316 1204412 46218840 0 0
  BDI_MAXB=6725878374

  # Samsung PM983 960GB on the CPU's PCIe root port
  local pci=sys/devices/pci0000:00/0000:00:01.0/0000:01:00.0
  mkpci "$pci" 0x144d 0xa808 0x010802 nvme 0x144d 0xa801
  local c=$pci/nvme/nvme0
  mknvme "$c" 0 241 "SAMSUNG MZ1LB960HAJQ-00007" S435NE0R801234 EDA7602Q \
    "nqn.2014.08.org.nvmexpress:144d144dS435NE0R801234     SAMSUNG MZ1LB960HAJQ-00007" 4 13
  local n=1875385008 e
  mkdisk nvme0n1 "$c/nvme0n1" 259 0 $n range=0 seq=1 dev="$c" io=40211871,61022398,88211,401221 lat=4
  q_nvme hwq=12 cpus=12 sched="[none] mq-deadline kyber bfq "
  mkqueue nvme0n1
  nvme_ns nvme0n1 1 eui.34353330523012340025384100000001 nguid=34353330523012340025384100000001
  e=$(gpt_end $n)
  local cs=1050624 csz=419430400 rs=420481024
  mkpart nvme0n1 nvme0n1p1 1 259 1 2048 1048576 partname="EFI System Partition" io=402,2,0,0 lat=4
  mkpart nvme0n1 nvme0n1p2 2 259 2 $cs $csz partname=bcache-cache io=38102211,59011223,88211,0 lat=4
  mkpart nvme0n1 nvme0n1p3 3 259 3 $rs $((e - rs)) partname=root io=2109258,2011173,0,0 lat=4

  # Intel C246 AHCI, WD Ultrastar DC HC550 16TB (512e) on port 1
  local ahci=sys/devices/pci0000:00/0000:00:17.0 h
  mkpci "$ahci" 0x8086 0xa352 0x010601 ahci 0x15d9 0x1c48
  for h in 0 1 2 3 4 5 6 7; do
    mkshost "$ahci/ata$((h + 1))/host$h" $h ahci can_queue=32 cmd_per_lun=1 \
      sg_tablesize=168 nr_hw_queues=1 link_power_management_policy=max_performance \
      em_message_type=0
  done
  local sd0=$ahci/ata1/host0/target0:0:0/0:0:0:0
  mksdev "$sd0" 0 ATA "WDC WUH721816ALE6L4" "$(ata_rev PCGNW232)" 32 \
    naa.5000cca2b1c4d5e6 7 ncq_prio_enable=0 unload_heads=0
  mksdisk "$sd0" cache_type="write back" FUA=0 provisioning_mode=full \
    thin_provisioning=0 max_write_same_blocks=0 zeroing_mode=write
  local hn=31251759104
  mkdisk sda "$sd0/block/sda" 8 0 $hn seq=2 dev="$sd0" io=1802211,12022103,0,102231 lat=380
  q_ata rot=1 sched="[mq-deadline] kyber bfq none" pbs=4096 minio=4096 addrand=1 wbt=75000
  mkqueue sda

  # bcache0: sda (make-bcache -B, data at sector 16) cached by nvme0n1p2
  local set=5f3c9a2e-7b41-4d8e-9c06-a1e2b3c4d5f6 bdu=9e8d7c6b-5a49-4382-a1b0-c9d8e7f6a5b4
  local bc=sys/devices/virtual/block/bcache0
  mkdisk bcache0 "$bc" 252 0 $((hn - 16)) range=128 extrange=128 seq=4 \
    io=39102211,12022098,0,102231 lat=20
  qdef
  qset mode=bio rot=0 ra=128 maxkb=2147483647 maxhwkb=2147483647 lbs=512 pbs=512 minio=512 \
    wc="write back" fua=1 dgran=512 dmax=2199023255040 dmaxhw=2199023255040 dsegs=1 \
    segs=256 segsz=4294967295 iostats=1
  mkqueue bcache0
  stack bcache0 nvme0n1p2
  stack bcache0 sda
  local bd=${DP[sda]}/bcache cd=${DP[nvme0n1p2]}/bcache fs=sys/fs/bcache/$set
  attrs "$bd" cache_mode="writethrough [writeback] writearound none" dirty_data=3.2G \
    state=dirty running=1 label="" sequential_cutoff=4.0M writeback_percent=10 \
    writeback_delay=30 writeback_running=1 writeback_rate=4.0k writeback_metadata=1 \
    writeback_consider_fragment=1 partial_stripes_expensive=0 \
    readahead_cache_policy="[all] meta-only" stop_when_cache_set_failed="[auto] always" \
    io_error_limit=64 io_errors=0 backing_dev_name=sda backing_dev_uuid=$bdu verify=0 \
    bypass_torture_test=0 cache_readaheads=0
  attrs "$bd/stats_total" bypassed=812.4G cache_hits=91022131 cache_misses=12011982 \
    cache_hit_ratio=88 cache_bypass_hits=1022 cache_bypass_misses=4022181 \
    cache_miss_collisions=2231
  lnk "$bc" "$bd/dev"
  lnk "$fs" "$bd/cache"
  lnk "$bd" "$bc/bcache"
  attrs "$cd" block_size=0.5k bucket_size=512.0k nbuckets=409600 discard=0 \
    cache_replacement_policy="[lru] fifo random" freelist_percent=1 io_errors=0 \
    written=88.1G btree_written=2.3G metadata_written=1.1G
  lnk "$fs" "$cd/set"
  attrs "$fs" average_key_size=39.1k block_size=0.5k bucket_size=512.0k \
    btree_cache_size=1.2G cache_available_percent=71 congested=0 \
    congested_read_threshold_us=2000 congested_write_threshold_us=20000 \
    errors="[unregister] panic" io_error_halflife=0 io_error_limit=8 journal_delay_ms=100 \
    root_usage_percent=3 tree_depth=2 io_disable=0
  lnk "$cd" "$fs/cache0"
  lnk "$bd" "$fs/bdev0"

  # / on LUKS2 on nvme0n1p3, opened without discards
  local luks=d1e2f3a4b5c64d7e8f9012a3b4c5d6e7
  mkdm dm-0 0 $((e - rs - 32768)) nvme0n1p3_crypt "CRYPT-LUKS2-$luks-nvme0n1p3_crypt" 3 \
    2109101,2011102,0,0
  qdef
  qset mode=bio rot=0 ra=128 maxkb=1280 maxhwkb=2048 minio=512 wc="write through" fua=0 \
    dgran=0 dmax=0 dmaxhw=0 dsegs=1 segs=127 segsz=4294967295 virtb=4095 dmaalign=511 iostats=1
  mkqueue dm-0
  stack dm-0 nvme0n1p3

  {
    mi_systemd 253:0 /dev/mapper/nvme0n1p3_crypt ext4 rw,relatime rw,errors=remount-ro udev $mem
    cat <<'EOF'
61 28 259:1 / /boot/efi rw,relatime shared:31 - vfat /dev/nvme0n1p1 rw,fmask=0077,dmask=0077,codepage=437,iocharset=ascii,shortname=mixed,utf8,errors=remount-ro
63 28 252:0 / /srv rw,noatime shared:33 - xfs /dev/bcache0 rw,attr2,inode64,logbufs=8,logbsize=32k,noquota
EOF
  } | write_mountinfo
  write_swaps </dev/null
  write_vm dirty_ratio=20 dirty_background_ratio=10 dirty_bytes=0 dirty_background_bytes=0 \
    dirty_expire_centisecs=3000 dirty_writeback_centisecs=500 swappiness=60 \
    vfs_cache_pressure=100 min_free_kbytes=67584 overcommit_memory=0 page-cluster=3 \
    laptop_mode=0 zone_reclaim_mode=0 dirtytime_expire_seconds=43200
  wcat etc/fstab <<'EOF'
# /etc/fstab: static file system information.
# <file system> <mount point>   <type>  <options>       <dump>  <pass>
/dev/mapper/nvme0n1p3_crypt /   ext4    errors=remount-ro 0       1
UUID=7A3C-1E92  /boot/efi       vfat    umask=0077      0       1
UUID=3c8e1b5d-6f2a-4d97-b0e4-a9c7d2f1e853 /srv xfs noatime 0 2
EOF
  wcat etc/crypttab <<'EOF'
# <target name>	<source device>		<key file>	<options>
nvme0n1p3_crypt UUID=d1e2f3a4-b5c6-4d7e-8f90-12a3b4c5d6e7 none luks,no-read-workqueue,no-write-workqueue
EOF
  w etc/os-release 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"' 'NAME="Debian GNU/Linux"' \
    'VERSION_ID="12"' 'VERSION="12 (bookworm)"' 'VERSION_CODENAME=bookworm' 'ID=debian'

  UDEV_BASE=5120931
  local common=(model="SAMSUNG MZ1LB960HAJQ-00007" serial=S435NE0R801234 fw=EDA7602Q
                wwid=eui.34353330523012340025384100000001 nsid=1 path=pci-0000:01:00.0-nvme-1
                seq=1 pt=b7a1c3e5-9d2f-4e61-8a04-c6e8f0a2b4d6)
  udev_nvme 259:0 "${common[@]}"
  udev_nvme 259:1 "${common[@]}" part=1 partuuid=1f2e3d4c-5b6a-4978-8695-a4b3c2d1e0f9 \
    ptype=c12a7328-f81f-11d2-ba4b-00a0c93ec93b start=2048 size=1048576 disk=259:0 \
    pname="EFI\x20System\x20Partition" fstype=vfat fsuuid=7A3C-1E92 fsver=FAT32 usage=filesystem
  udev_nvme 259:2 "${common[@]}" part=2 partuuid=2a3b4c5d-6e7f-4081-92a3-b4c5d6e7f809 \
    ptype=0fc63daf-8483-4772-8e79-3d69d8477de4 start=$cs size=$csz disk=259:0 \
    pname=bcache-cache fstype=bcache fsuuid=$set fsver="" usage=other
  udev_nvme 259:3 "${common[@]}" part=3 partuuid=3b4c5d6e-7f80-4192-a3b4-c5d6e7f8091a \
    ptype=0fc63daf-8483-4772-8e79-3d69d8477de4 start=$rs size=$((e - rs)) disk=259:0 \
    pname=root fstype=crypto_LUKS fsuuid=d1e2f3a4-b5c6-4d7e-8f90-12a3b4c5d6e7 fsver=2 usage=crypto
  udev_ata 8:0 model="WDC WUH721816ALE6L4" serial=2CGH1XYZ fw=PCGNW232 wwn=0x5000cca2b1c4d5e6 \
    port=pci-0000:00:17.0-ata-1 seq=2 rpm=7200 pt="" \
    extra="E:ID_FS_UUID=$bdu|E:ID_FS_UUID_ENC=$bdu|E:ID_FS_TYPE=bcache|E:ID_FS_USAGE=other"
  udevdb 252:0 <<EOF
S:bcache/by-uuid/$bdu
S:disk/by-uuid/3c8e1b5d-6f2a-4d97-b0e4-a9c7d2f1e853
E:CACHED_UUID=$bdu
E:ID_FS_UUID=3c8e1b5d-6f2a-4d97-b0e4-a9c7d2f1e853
E:ID_FS_UUID_ENC=3c8e1b5d-6f2a-4d97-b0e4-a9c7d2f1e853
E:ID_FS_TYPE=xfs
E:ID_FS_USAGE=filesystem
EOF
  udevdb 253:0 <<EOF
S:disk/by-id/dm-uuid-CRYPT-LUKS2-$luks-nvme0n1p3_crypt
S:mapper/nvme0n1p3_crypt
S:disk/by-id/dm-name-nvme0n1p3_crypt
S:disk/by-uuid/8d2c4f6a-1b3e-4a5c-9d7e-0f1a2b3c4d5e
E:DM_UDEV_DISABLE_LIBRARY_FALLBACK_FLAG=1
E:DM_UDEV_PRIMARY_SOURCE_FLAG=1
E:DM_UDEV_RULES_VSN=2
E:DM_ACTIVATION=1
E:DM_NAME=nvme0n1p3_crypt
E:DM_UUID=CRYPT-LUKS2-$luks-nvme0n1p3_crypt
E:DM_SUSPENDED=0
E:ID_FS_UUID=8d2c4f6a-1b3e-4a5c-9d7e-0f1a2b3c4d5e
E:ID_FS_UUID_ENC=8d2c4f6a-1b3e-4a5c-9d7e-0f1a2b3c4d5e
E:ID_FS_VERSION=1.0
E:ID_FS_TYPE=ext4
E:ID_FS_USAGE=filesystem
EOF
  end_tree
}

# ============================================================== 14. lvmcache
# Debian 12, kernel 6.1: an LVM volume on an 18 TB HDD cached by a cache pool
# on a SATA SSD partition (lvmcache(7)), xfs for PostgreSQL on top.
build_lvmcache() {
  begin_tree lvmcache 601
  write_kernel 6.1.0-27-amd64 "(debian-kernel@lists.debian.org) (gcc-12 (Debian 12.2.0-14) 12.2.0, GNU ld (GNU Binutils for Debian) 2.40) #1 SMP PREEMPT_DYNAMIC Debian 6.1.115-1 (2024-11-01)"
  mkdmi bios_vendor="Dell Inc." bios_version=1.10.2 bios_date=03/14/2024 bios_release=1.10 \
    sys_vendor="Dell Inc." product_name="PowerEdge T150" product_version="" \
    product_family=PowerEdge product_sku="SKU=0A72;ModelName=PowerEdge T150" \
    board_vendor="Dell Inc." board_name=0C3TD3 board_version=A01 board_asset_tag="" \
    chassis_vendor="Dell Inc." chassis_type=17 chassis_version="" chassis_asset_tag=""
  write_cpuinfo 8 vendor=GenuineIntel family=6 model=167 stepping=1 ucode=0x62 \
    name="Intel(R) Xeon(R) E-2334 CPU @ 3.40GHz" mhz=3400.000 cache=8192 cores=4 \
    threads=2 cpuid=27 flags="$CPU_COFFEELAKE_FLAGS" vmxflags="$CPU_INTEL_VMX" \
    bugs="spectre_v1 spectre_v2 spec_store_bypass swapgs eibrs_pbrsb gds" \
    bogo=6787.20 addr="39 bits physical, 48 bits virtual"
  local mem=32617284
  write_meminfo $mem 1822040 24107132 402212 21622908 0 0
  BDI_MAXB=3340010291

  # Intel C256 AHCI: sda a Samsung PM893 SSD, sdb a Seagate Exos X18 18TB (512e)
  local ahci=sys/devices/pci0000:00/0000:00:17.0 h
  mkpci "$ahci" 0x8086 0x43d2 0x010601 ahci 0x1028 0x0a72
  for h in 0 1 2 3 4 5 6 7; do
    mkshost "$ahci/ata$((h + 1))/host$h" $h ahci can_queue=32 cmd_per_lun=1 \
      sg_tablesize=168 nr_hw_queues=1 link_power_management_policy=max_performance \
      em_message_type=0
  done
  local sd0=$ahci/ata1/host0/target0:0:0/0:0:0:0
  mksdev "$sd0" 0 ATA "SAMSUNG MZ7L3960HCJR-00A07" "$(ata_rev JXTC404Q)" 32 \
    naa.5002538f33a1b2c3 7 ncq_prio_enable=0 unload_heads=0
  mksdisk "$sd0" cache_type="write back" FUA=0 provisioning_mode=unmap \
    thin_provisioning=1 max_write_same_blocks=0 zeroing_mode=write
  local n=1875385008 e
  mkdisk sda "$sd0/block/sda" 8 0 $n seq=1 dev="$sd0" io=30211984,41022871,2201,310229 lat=6
  q_ata rot=0 sched="[mq-deadline] kyber bfq none" dgran=512 dmax=2147450880 \
    dmaxhw=2147450880 wbt=2000
  mkqueue sda
  e=$(gpt_end $n)
  local ps=105908224
  mkpart sda sda1 1 8 1 2048 1048576 partname="EFI System Partition" io=402,2,0,0 lat=6
  mkpart sda sda2 2 8 2 1050624 104857600 io=2102231,4011227,2201,0 lat=6
  mkpart sda sda3 3 8 3 $ps $((e - ps)) io=28109251,37011641,0,0 lat=6

  local sd1=$ahci/ata2/host1/target1:0:0/1:0:0:0
  mksdev "$sd1" 0 ATA "ST18000NM000J-2TV103" "$(ata_rev SN02)" 32 \
    naa.5000c500d1e2f3a4 7 ncq_prio_enable=0 unload_heads=0
  mksdisk "$sd1" cache_type="write back" FUA=0 provisioning_mode=full \
    thin_provisioning=0 max_write_same_blocks=0 zeroing_mode=write
  local hn=35156656128
  mkdisk sdb "$sd1/block/sdb" 8 16 $hn seq=2 dev="$sd1" io=4022198,9102231,0,88211 lat=410
  q_ata rot=1 sched="[mq-deadline] kyber bfq none" pbs=4096 minio=4096 addrand=1 wbt=75000
  mkqueue sdb

  # vg0 on sda3 and sdb; vg0/pgdata (on sdb) cached by the pool vg0/pgdata_cache (on sda3)
  local vg=Qm7Tz2LpW9xR4nK8vB1cF6hJ3dS5gY0e csz=$((e - ps - 8192 - 81920)) osz=$((hn - 2048 - 8192))
  local -a u=(aB3dE5gH7jK9mN1pQ2rS4tU6vW8xY0zC cD5fG7hJ9kL1mN3pQ4rS6tU8vW0xY2zE
              eF7gH9jK1lM3nP5qR6sT8uV0wX2yZ4aG)
  mkdm dm-0 0 $csz vg0-pgdata_cache_cdata "LVM-$vg${u[0]}-cdata" 3 28101220,37011522,0,0
  mkdm dm-1 1 81920 vg0-pgdata_cache_cmeta "LVM-$vg${u[1]}-cmeta" 4 8011,2212,0,0
  mkdm dm-2 2 $osz vg0-pgdata_corig "LVM-$vg${u[2]}-real" 5 4021982,9102209,0,0
  mkdm dm-3 3 $osz vg0-pgdata "LVM-$vg${u[2]}" 6 30102211,41022122,0,0
  local dm
  for dm in dm-0 dm-1; do
    qdef
    qset mode=bio rot=0 ra=128 maxkb=1280 maxhwkb=32767 minio=512 wc="write back" \
      dgran=512 dmax=2147450880 dmaxhw=2147450880 dsegs=1 segs=168 segsz=65536 iostats=1
    mkqueue $dm
    stack $dm sda3
  done
  for dm in dm-2 dm-3; do
    qdef
    qset mode=bio rot=1 ra=128 maxkb=1280 maxhwkb=32767 pbs=4096 minio=4096 wc="write back" \
      segs=168 segsz=65536 iostats=1
    [[ $dm == dm-3 ]] && qset minio=32768 optio=32768
    mkqueue $dm
  done
  stack dm-2 sdb
  for dm in dm-0 dm-1 dm-2; do stack dm-3 $dm; done

  {
    mi_systemd 8:2 /dev/sda2 ext4 rw,relatime rw,errors=remount-ro udev $mem
    cat <<'EOF'
61 28 8:1 / /boot/efi rw,relatime shared:31 - vfat /dev/sda1 rw,fmask=0077,dmask=0077,codepage=437,iocharset=ascii,shortname=mixed,utf8,errors=remount-ro
63 28 253:3 / /var/lib/postgresql rw,noatime shared:33 - xfs /dev/mapper/vg0-pgdata rw,attr2,inode64,logbufs=8,logbsize=32k,sunit=64,swidth=64,noquota
EOF
  } | write_mountinfo
  write_swaps </dev/null
  write_vm dirty_ratio=20 dirty_background_ratio=10 dirty_bytes=0 dirty_background_bytes=0 \
    dirty_expire_centisecs=3000 dirty_writeback_centisecs=500 swappiness=60 \
    vfs_cache_pressure=100 min_free_kbytes=67584 overcommit_memory=0 page-cluster=3 \
    laptop_mode=0 zone_reclaim_mode=0 dirtytime_expire_seconds=43200
  wcat etc/fstab <<'EOF'
# /etc/fstab: static file system information.
# <file system> <mount point>   <type>  <options>       <dump>  <pass>
UUID=6d1e8a4f-2c7b-4e93-a5d0-b8f3c1e7a924 /               ext4    errors=remount-ro 0       1
UUID=2B7D-94E1  /boot/efi       vfat    umask=0077      0       1
/dev/mapper/vg0-pgdata /var/lib/postgresql xfs noatime 0 2
EOF
  w etc/os-release 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"' 'NAME="Debian GNU/Linux"' \
    'VERSION_ID="12"' 'VERSION="12 (bookworm)"' 'VERSION_CODENAME=bookworm' 'ID=debian'

  UDEV_BASE=6210117
  local ua0=(model="SAMSUNG MZ7L3960HCJR-00A07" serial=S662NE0W401234 fw=JXTC404Q
             wwn=0x5002538f33a1b2c3 port=pci-0000:00:17.0-ata-1 seq=1
             pt=4c8e2a61-7d3b-4f95-b1e0-9c5d7a3f2b18)
  local lin=0fc63daf-8483-4772-8e79-3d69d8477de4 pv0=Rt5Yu7-Io9P-As1D-Fg3H-Jk5L-Zx7C-Vb9NmQ
  local pv1=Mn2Bv4-Cx6Z-Lk8J-Hg0F-Ds2A-Po4I-Uy6TrE
  udev_ata 8:0 "${ua0[@]}"
  udev_ata 8:1 "${ua0[@]}" part=1 partuuid=8e1f3a5c-7b9d-4e2f-a4c6-1d3e5f7a9b2c \
    ptype=c12a7328-f81f-11d2-ba4b-00a0c93ec93b start=2048 size=1048576 disk=8:0 \
    pname="EFI\x20System\x20Partition" fstype=vfat fsuuid=2B7D-94E1 fsver=FAT32 usage=filesystem
  udev_ata 8:2 "${ua0[@]}" part=2 partuuid=9f2a4b6d-8c0e-4f3a-b5d7-2e4f6a8b0c3d \
    ptype=$lin start=1050624 size=104857600 disk=8:0 fstype=ext4 \
    fsuuid=6d1e8a4f-2c7b-4e93-a5d0-b8f3c1e7a924 fsver=1.0 usage=filesystem
  udev_ata 8:3 "${ua0[@]}" part=3 partuuid=0a3b5c7e-9d1f-4a4b-86e8-3f5a7b9c1d4e \
    ptype=e6d6d379-f507-44c2-a23c-238f2a3df928 start=$ps size=$((e - ps)) disk=8:0 \
    fstype=LVM2_member fsuuid=$pv0 fsver="LVM2 001" usage=raid
  udev_ata 8:16 model=ST18000NM000J-2TV103 serial=ZR5ABCDE fw=SN02 wwn=0x5000c500d1e2f3a4 \
    port=pci-0000:00:17.0-ata-2 seq=2 rpm=7200 pt="" \
    extra="E:ID_FS_UUID=$pv1|E:ID_FS_UUID_ENC=$pv1|E:ID_FS_VERSION=LVM2 001|E:ID_FS_TYPE=LVM2_member|E:ID_FS_USAGE=raid"
  local i mm name lv layer uuid
  for i in 0 1 2 3; do
    mm=253:$i
    case $i in
      0) name=vg0-pgdata_cache_cdata lv=pgdata_cache_cdata layer=cdata uuid=LVM-$vg${u[0]}-cdata ;;
      1) name=vg0-pgdata_cache_cmeta lv=pgdata_cache_cmeta layer=cmeta uuid=LVM-$vg${u[1]}-cmeta ;;
      2) name=vg0-pgdata_corig lv=pgdata_corig layer=real uuid=LVM-$vg${u[2]}-real ;;
      3) name=vg0-pgdata lv=pgdata layer="" uuid=LVM-$vg${u[2]} ;;
    esac
    {
      if [[ $i == 3 ]]; then
        echo "S:disk/by-id/dm-uuid-$uuid"
        echo "S:mapper/$name"
        echo "S:vg0/$lv"
        echo "S:disk/by-id/dm-name-$name"
        echo "S:disk/by-uuid/5a7c9e1b-3d5f-4a7b-9c1e-3f5a7c9e1b3d"
      fi
      echo "E:DM_UDEV_DISABLE_LIBRARY_FALLBACK_FLAG=1"
      echo "E:DM_UDEV_PRIMARY_SOURCE_FLAG=1"
      echo "E:DM_UDEV_RULES_VSN=2"
      echo "E:DM_NAME=$name"
      echo "E:DM_UUID=$uuid"
      echo "E:DM_SUSPENDED=0"
      echo "E:DM_VG_NAME=vg0"
      echo "E:DM_LV_NAME=$lv"
      if [[ -n $layer ]]; then
        echo "E:DM_LV_LAYER=$layer"
        echo "E:DM_UDEV_DISABLE_SUBSYSTEM_RULES_FLAG=1"
        echo "E:DM_UDEV_DISABLE_DISK_RULES_FLAG=1"
        echo "E:DM_UDEV_DISABLE_OTHER_RULES_FLAG=1"
        echo "E:DM_NOSCAN=1"
        echo "E:SYSTEMD_READY=0"
      else
        echo "E:DM_ACTIVATION=1"
        echo "E:ID_FS_UUID=5a7c9e1b-3d5f-4a7b-9c1e-3f5a7c9e1b3d"
        echo "E:ID_FS_UUID_ENC=5a7c9e1b-3d5f-4a7b-9c1e-3f5a7c9e1b3d"
        echo "E:ID_FS_TYPE=xfs"
        echo "E:ID_FS_USAGE=filesystem"
      fi
    } | udevdb "$mm"
  done
  end_tree
}

# =========================================================== 15. hwraid-ssd
# udev database entry of an HPE Smart Array logical volume or of a partition
# on it: udev_hpe_lv MAJ:MIN WWID(32 hex) HCTL SEQ PTUUID [key=value ...]
#   keys: part partuuid ptype start size disk pname fstype fsuuid fsver usage
udev_hpe_lv() {
  local mm=$1 wwid=$2 hctl=$3 seq=$4 pt=$5 kv; shift 5
  local -A o=([part]="" [pname]="" [fstype]="" [label]="")
  for kv; do o[${kv%%=*}]=${kv#*=}; done
  local sfx="" path=pci-0000:5c:00.0-scsi-$hctl
  [[ -n ${o[part]} ]] && sfx=-part${o[part]}
  {
    echo "S:disk/by-id/scsi-3$wwid$sfx"
    echo "S:disk/by-id/wwn-0x$wwid$sfx"
    echo "S:disk/by-path/$path$sfx"
    echo "S:disk/by-diskseq/$seq$sfx"
    if [[ -n ${o[part]} ]]; then
      echo "S:disk/by-partuuid/${o[partuuid]}"
      [[ -n ${o[pname]} ]] && echo "S:disk/by-partlabel/${o[pname]}"
      [[ -n ${o[fstype]} ]] && echo "S:disk/by-uuid/${o[fsuuid]}"
    fi
    echo "E:ID_SCSI=1"
    echo "E:ID_VENDOR=HPE"
    echo "E:ID_VENDOR_ENC=HPE\x20\x20\x20\x20\x20"
    echo "E:ID_MODEL=LOGICAL_VOLUME"
    echo "E:ID_MODEL_ENC=LOGICAL\x20VOLUME\x20\x20"
    echo "E:ID_REVISION=3.53"
    echo "E:ID_TYPE=disk"
    echo "E:ID_SERIAL=3$wwid"
    echo "E:ID_SERIAL_SHORT=$wwid"
    echo "E:ID_WWN=0x${wwid:0:16}"
    echo "E:ID_WWN_VENDOR_EXTENSION=0x${wwid:16}"
    echo "E:ID_WWN_WITH_EXTENSION=0x$wwid"
    echo "E:ID_BUS=scsi"
    echo "E:ID_PATH=$path"
    echo "E:ID_PATH_TAG=${path//[:.]/_}"
    echo "E:ID_PART_TABLE_UUID=$pt"
    echo "E:ID_PART_TABLE_TYPE=gpt"
    udev_fs_part_lines o
  } | udevdb "$mm"
}

# The queue of a Smart Array logical volume: blk-mq over the controller's
# queues with host-wide tags (so mq-deadline is the default elevator), the
# controller's 1 MiB transfer limit, and rotational=1 whatever the drives.
q_hpe_lv() {
  qdef
  qset mode=mq rot=1 sched="[mq-deadline] kyber bfq none" nr=256 tags=1013 maxkb=1024 \
    maxhwkb=1024 segs=65 segsz=65536 wc="write through" addrand=1 wbt=75000 \
    timeout=30000 dmaalign=3 hwq=16 cpus=16 "$@"
}

build_hwraid_ssd() {
  begin_tree hwraid-ssd 515
  write_kernel 5.15.0-125-generic "(buildd@lcy02-amd64-042) (gcc (Ubuntu 11.4.0-1ubuntu1~22.04) 11.4.0, GNU ld (GNU Binutils for Ubuntu) 2.38) #135-Ubuntu SMP Fri Sep 27 13:53:58 UTC 2024"
  mkdmi bios_vendor=HPE bios_version=U30 bios_date=03/08/2024 bios_release=3.10 \
    sys_vendor=HPE product_name="ProLiant DL380 Gen10" product_version="" \
    product_family="ProLiant" product_sku=868703-B21 board_vendor=HPE \
    board_name="ProLiant DL380 Gen10" board_version="" chassis_vendor=HPE chassis_type=23 \
    chassis_version="" chassis_asset_tag=""
  write_cpuinfo 16 vendor=GenuineIntel family=6 model=85 stepping=7 ucode=0x5003707 \
    name="Intel(R) Xeon(R) Silver 4208 CPU @ 2.10GHz" mhz=2100.000 cache=11264 \
    cores=8 threads=2 cpuid=22 flags="$CPU_CASCADELAKE_FLAGS" vmxflags="$CPU_INTEL_VMX" \
    bugs="spectre_v1 spectre_v2 spec_store_bypass swapgs taa itlb_multihit mmio_stale_data retbleed eibrs_pbrsb gds bhi" \
    bogo=4200.00 addr="46 bits physical, 48 bits virtual"
  local mem=65581196
  write_meminfo $mem 1822044 48110220 402216 44921308 0 0 62914560

  # Smart Array P408i-a SR Gen10 (smartpqi, SAS transport class); logical
  # volumes are on bus 1, the controller itself on bus 2 (no block device)
  local pp=sys/devices/pci0000:5d/0000:5d:00.0/0000:5c:00.0
  mkpci "$pp" 0x9005 0x028f 0x010700 smartpqi 0x103c 0x0600
  mkshost "$pp/host0" 0 smartpqi can_queue=1013 cmd_per_lun=1013 sg_tablesize=65 \
    nr_hw_queues=16 driver_version="Linux SmartPQI Driver (v 2.1.12-055)" \
    firmware_version=3.53-0 model="P408i-a SR Gen10" serial_number=PEYHB0ARHCX1AB \
    vendor=HPE enable_stream_detection=1 enable_r5_writes=1 enable_r6_writes=1 \
    lockup_action=none
  wempty "$pp/host0/sas_host/host0/uevent"

  # sda: logical drive 1, RAID 1 of two 480 GB SATA SSDs, 256 KiB strip
  local lv1=$pp/host0/target0:1:0/0:1:0:0 w1=600508b1001c4d2f8e6a0b3c5d7e9f10
  mksdev "$lv1" 0 HPE "LOGICAL VOLUME" 3.53 1013 naa.$w1 6 raid_level="RAID 1(+0)" \
    ssd_smart_path_enabled=1 raid_bypass_cnt=0x0000000000012a4b lunid=0x0000004000000000 \
    unique_id=600508B1001C4D2F8E6A0B3C5D7E9F10 path_info="[0:1:0:0]    Direct-Access  Active"
  mksdisk "$lv1" cache_type="write through" FUA=0 provisioning_mode=full \
    thin_provisioning=0 max_write_same_blocks=0 zeroing_mode=write
  local n1=937637552 e
  mkdisk sda "$lv1/block/sda" 8 0 $n1 seq=1 dev="$lv1" io=402117,1204412,0,88210 lat=11
  q_hpe_lv minio=262144 optio=262144 ra=512
  mkqueue sda
  e=$(gpt_end $n1)
  mkpart sda sda1 1 8 1 2048 2201600 partname="EFI System Partition" io=412,2,0,0 lat=11
  mkpart sda sda2 2 8 2 2203648 $((e - 2203648)) io=401690,1204400,0,0 lat=11

  # sdb: logical drive 2, RAID 1+0 of eight 1.92 TB SAS SSDs, 256 KiB strip:
  # four data disks, a 1 MiB full stripe (read-ahead 2048 as the kernel sets
  # it from optimal_io_size)
  local lv2=$pp/host0/target0:1:0/0:1:0:1 w2=600508b1001c7a9e3c5b1d2f4e6a8c02
  mksdev "$lv2" 0 HPE "LOGICAL VOLUME" 3.53 1013 naa.$w2 6 raid_level="RAID 1(+0)" \
    ssd_smart_path_enabled=1 raid_bypass_cnt=0x00000000a83b11c0 lunid=0x0000004001000000 \
    unique_id=600508B1001C7A9E3C5B1D2F4E6A8C02 path_info="[0:1:0:1]    Direct-Access  Active"
  mksdisk "$lv2" cache_type="write through" FUA=0 provisioning_mode=full \
    thin_provisioning=0 max_write_same_blocks=0 zeroing_mode=write
  local n2=15002931200
  mkdisk sdb "$lv2/block/sdb" 8 16 $n2 seq=2 dev="$lv2" io=88120331,41202114,0,3110225 \
    lat=14
  q_hpe_lv minio=262144 optio=1048576 ra=2048
  mkqueue sdb
  e=$(gpt_end $n2)
  mkpart sdb sdb1 1 8 17 2048 $((e - 2048)) partname=pgdata io=88119902,41202101,0,0 lat=14

  {
    mi_systemd 8:2 /dev/sda2 ext4 rw,relatime rw udev $mem
    cat <<'EOF'
63 28 8:1 / /boot/efi rw,relatime shared:32 - vfat /dev/sda1 rw,fmask=0077,dmask=0077,codepage=437,iocharset=iso8859-1,shortname=mixed,errors=remount-ro
65 28 8:17 / /var/lib/postgresql rw,noatime shared:34 - xfs /dev/sdb1 rw,attr2,inode64,logbufs=8,logbsize=32k,sunit=512,swidth=2048,noquota
EOF
  } | write_mountinfo
  write_swaps </dev/null
  write_vm dirty_ratio=20 dirty_background_ratio=10 dirty_bytes=0 dirty_background_bytes=0 \
    dirty_expire_centisecs=3000 dirty_writeback_centisecs=500 swappiness=60 \
    vfs_cache_pressure=100 min_free_kbytes=67584 overcommit_memory=0 page-cluster=3 \
    laptop_mode=0 zone_reclaim_mode=0 dirtytime_expire_seconds=43200
  wcat etc/fstab <<'EOF'
# /etc/fstab: static file system information.
# <file system> <mount point>   <type>  <options>       <dump>  <pass>
UUID=2a4c6e8f-0b1d-4f3a-8c5e-7a9b1c3d5e6f /               ext4    defaults        0       1
UUID=6D3A-9F12  /boot/efi       vfat    umask=0077      0       1
UUID=e8f0a2c4-6b7d-4e9f-a1b3-5c7d9e0f2a4b /var/lib/postgresql xfs noatime     0       0
EOF
  w etc/os-release 'PRETTY_NAME="Ubuntu 22.04.5 LTS"' 'NAME="Ubuntu"' 'VERSION_ID="22.04"' \
    'VERSION="22.04.5 LTS (Jammy Jellyfish)"' 'VERSION_CODENAME=jammy' 'ID=ubuntu' \
    'ID_LIKE=debian'

  UDEV_BASE=5230117
  local lin=0fc63daf-8483-4772-8e79-3d69d8477de4 p1=3c5e7a9b-1d2f-4a6c-8e0b-2d4f6a8c0e13
  local p2=7e9a1c3d-5f6b-4d8e-a0c2-4e6f8a0c2e35
  udev_hpe_lv 8:0 $w1 0:1:0:0 1 $p1
  udev_hpe_lv 8:1 $w1 0:1:0:0 1 $p1 part=1 partuuid=0d2f4a6c-8e1b-4c3d-9f5a-7b9d1f3a5c79 \
    ptype=c12a7328-f81f-11d2-ba4b-00a0c93ec93b start=2048 size=2201600 disk=8:0 \
    pname="EFI\x20System\x20Partition" fstype=vfat fsuuid=6D3A-9F12 fsver=FAT32 \
    usage=filesystem
  udev_hpe_lv 8:2 $w1 0:1:0:0 1 $p1 part=2 partuuid=5b7d9f1a-3c4e-4a6b-8d0f-2e4a6c8e0a91 \
    ptype=$lin start=2203648 size="$(cat "$R/${DP[sda2]}/size")" disk=8:0 fstype=ext4 \
    fsuuid=2a4c6e8f-0b1d-4f3a-8c5e-7a9b1c3d5e6f fsver=1.0 usage=filesystem
  udev_hpe_lv 8:16 $w2 0:1:0:1 2 $p2
  udev_hpe_lv 8:17 $w2 0:1:0:1 2 $p2 part=1 partuuid=9f1b3d5e-7a8c-4e0a-b2d4-6f8a0c2e4b13 \
    ptype=$lin start=2048 size="$(cat "$R/${DP[sdb1]}/size")" disk=8:16 pname=pgdata \
    fstype=xfs fsuuid=e8f0a2c4-6b7d-4e9f-a1b3-5c7d9e0f2a4b fsver="" usage=filesystem
  end_tree
}

# ============================================================ 16. zoned-smr
# The queue of a SATA zoned (ZAC) disk on AHCI as 6.1's sd_zbc sets it up:
# 256 MiB zones (chunk_sectors), the zone write granularity is the physical
# block, zone append is emulated in at most max_segments pages (168 x 4 KiB),
# and only elevators that support zones are listed.
q_zac() {
  q_ata rot=1 sched="[mq-deadline] none" pbs=4096 minio=4096 addrand=1 wbt=75000 \
    chunk=524288 zappend=688128 zwgran=4096 "$@"
}

build_zoned_smr() {
  begin_tree zoned-smr 601
  write_kernel 6.1.0-28-amd64 "(debian-kernel@lists.debian.org) (gcc-12 (Debian 12.2.0-14) 12.2.0, GNU ld (GNU Binutils for Debian) 2.40) #1 SMP PREEMPT_DYNAMIC Debian 6.1.119-1 (2024-11-22)"
  mkdmi bios_vendor="American Megatrends Inc." bios_version=3.8a bios_date=03/14/2024 \
    bios_release=5.14 sys_vendor=Supermicro product_name="Super Server" \
    product_version=0123456789 product_family="To be filled by O.E.M." \
    product_sku="To be filled by O.E.M." board_vendor=Supermicro board_name=X11SPH-nCTF \
    board_version=1.02 chassis_vendor=Supermicro chassis_type=17 chassis_version=0123456789 \
    chassis_asset_tag="To be filled by O.E.M."
  write_cpuinfo 20 vendor=GenuineIntel family=6 model=85 stepping=7 ucode=0x5003707 \
    name="Intel(R) Xeon(R) Silver 4210R CPU @ 2.40GHz" mhz=2400.000 cache=14080 \
    cores=10 threads=2 cpuid=22 flags="$CPU_CASCADELAKE_FLAGS" vmxflags="$CPU_INTEL_VMX" \
    bugs="spectre_v1 spectre_v2 spec_store_bypass swapgs taa itlb_multihit mmio_stale_data retbleed eibrs_pbrsb gds bhi" \
    bogo=4800.00 addr="46 bits physical, 48 bits virtual"
  local mem=65552968
  write_meminfo $mem 2210344 58812200 210344 55120456 0 0 62914560

  # C622 AHCI controller
  local pci=sys/devices/pci0000:00/0000:00:17.0 h
  mkpci "$pci" 0x8086 0xa182 0x010601 ahci 0x15d9 0x095b
  for h in 0 1 2 3 4 5 6 7; do
    mkshost "$pci/ata$((h + 1))/host$h" $h ahci can_queue=32 cmd_per_lun=1 \
      sg_tablesize=168 nr_hw_queues=1 link_power_management_policy=max_performance \
      em_message_type=0 ahci_host_caps=0xe734ff45 ahci_host_version=10301
  done

  # sda: Intel D3-S4510 480GB, ESP and ext4 /
  local sd0=$pci/ata1/host0/target0:0:0/0:0:0:0
  mksdev "$sd0" 0 ATA "INTEL SSDSC2KB480G8" "$(ata_rev XCV10132)" 32 \
    naa.55cd2e41523a7b9c 6 ncq_prio_enable=0 unload_heads=0
  mksdisk "$sd0" cache_type="write back" FUA=0 provisioning_mode=unmap \
    thin_provisioning=1 max_write_same_blocks=0 zeroing_mode=write zoned_cap=none
  local n=937703088 e
  mkdisk sda "$sd0/block/sda" 8 0 $n seq=1 dev="$sd0" io=410222,880431,10220,77102 lat=9
  q_ata rot=0 sched="[mq-deadline] kyber bfq none" pbs=4096 minio=4096 dgran=512 \
    dmax=2147450880 dmaxhw=2147450880 wbt=2000
  mkqueue sda
  e=$(gpt_end $n)
  mkpart sda sda1 1 8 1 2048 1048576 partname="EFI System Partition" io=310,2,0,0 lat=9
  mkpart sda sda2 2 8 2 1050624 $((e - 1050624)) io=409880,880421,10220,0 lat=9

  # sdb, sdd: WD Ultrastar DC HC620 14TB, host-managed SMR (ZAC, SCSI type
  # 0x14), 512e; 52156 zones of 256 MiB, at most 128 open
  local hm=27344764928 sd1=$pci/ata2/host1/target1:0:0/1:0:0:0
  mksdev "$sd1" 20 ATA "HGST HSH721414ALE6M0" "$(ata_rev LDGNW07G)" 32 \
    naa.5000cca2b1c4d6e8 7 ncq_prio_enable=0 unload_heads=0
  mksdisk "$sd1" cache_type="write back" FUA=0 provisioning_mode=full \
    thin_provisioning=0 max_write_same_blocks=0 zeroing_mode=write zoned_cap=host-managed
  mkdisk sdb "$sd1/block/sdb" 8 16 $hm seq=2 dev="$sd1" io=1802331,3922140,0,44012 lat=320
  q_zac zoned=host-managed nrzones=52156 maxopen=128
  mkqueue sdb
  local sd3=$pci/ata4/host3/target3:0:0/3:0:0:0
  mksdev "$sd3" 20 ATA "HGST HSH721414ALE6M0" "$(ata_rev LDGNW07G)" 32 \
    naa.5000cca2b1c4f0a2 7 ncq_prio_enable=0 unload_heads=0
  mksdisk "$sd3" cache_type="write back" FUA=0 provisioning_mode=full \
    thin_provisioning=0 max_write_same_blocks=0 zeroing_mode=write zoned_cap=host-managed
  mkdisk sdd "$sd3/block/sdd" 8 48 $hm seq=4 dev="$sd3" io=1210,0,0,0 lat=320
  # switched to "none" by hand when the disk went in; 6.1 accepts that on a
  # zoned disk, although only mq-deadline keeps its zone write order
  q_zac zoned=host-managed nrzones=52156 maxopen=128 sched="[none] mq-deadline " nr=32
  mkqueue sdd

  # sdc: an 8 TB host-aware SMR disk (ZAC, SCSI type 0), whole-disk XFS:
  # unpartitioned, so the kernel keeps it zoned; 29809 zones, the last short
  local sd2=$pci/ata3/host2/target2:0:0/2:0:0:0
  mksdev "$sd2" 0 ATA "ST8000AS0022-1WL17Z" "$(ata_rev 0004)" 32 \
    naa.5000c5009a3b5c7d 6 ncq_prio_enable=0 unload_heads=0
  mksdisk "$sd2" cache_type="write back" FUA=0 provisioning_mode=full \
    thin_provisioning=0 max_write_same_blocks=0 zeroing_mode=write zoned_cap=host-aware
  mkdisk sdc "$sd2/block/sdc" 8 32 15628053168 seq=3 dev="$sd2" io=902114,1488203,0,30211 \
    lat=280
  q_zac zoned=host-aware nrzones=29809
  mkqueue sdc

  {
    mi_systemd 8:2 /dev/sda2 ext4 rw,relatime rw,errors=remount-ro udev $mem
    cat <<'EOF'
63 28 8:1 / /boot/efi rw,relatime shared:32 - vfat /dev/sda1 rw,fmask=0077,dmask=0077,codepage=437,iocharset=ascii,shortname=mixed,utf8,errors=remount-ro
65 28 8:16 / /srv/archive rw,noatime shared:34 - btrfs /dev/sdb rw,space_cache=v2,subvolid=5,subvol=/
67 28 8:32 / /srv/media rw,relatime shared:36 - xfs /dev/sdc rw,attr2,inode64,logbufs=8,logbsize=32k,noquota
EOF
  } | write_mountinfo
  write_swaps </dev/null
  write_vm dirty_ratio=20 dirty_background_ratio=10 dirty_bytes=0 dirty_background_bytes=0 \
    dirty_expire_centisecs=3000 dirty_writeback_centisecs=500 swappiness=60 \
    vfs_cache_pressure=100 min_free_kbytes=67584 overcommit_memory=0 page-cluster=3 \
    laptop_mode=0 zone_reclaim_mode=0 dirtytime_expire_seconds=43200
  wcat etc/fstab <<'EOF'
# /etc/fstab: static file system information.
# <file system> <mount point>   <type>  <options>       <dump>  <pass>
UUID=7c2e9a41-5d3b-4f68-8e17-a9b0c4d2e6f5 /               ext4    errors=remount-ro 0       1
UUID=9E4B-21C7  /boot/efi       vfat    umask=0077      0       1
# btrfs in zoned mode (kernel >= 5.12): the whole host-managed disk
UUID=3f8a1c6e-2b9d-4e75-a0c3-6d1e8f2b4a97 /srv/archive    btrfs   noatime         0       0
UUID=b4d6e8f0-1a3c-4e5b-9d7f-2c4e6a8b0d13 /srv/media      xfs     defaults        0       0
EOF
  w etc/os-release 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"' 'NAME="Debian GNU/Linux"' \
    'VERSION_ID="12"' 'VERSION="12 (bookworm)"' 'VERSION_CODENAME=bookworm' 'ID=debian'

  UDEV_BASE=4120331
  local ua0=(model="INTEL SSDSC2KB480G8" serial=PHYF912301AB480BGN fw=XCV10132
            wwn=0x55cd2e41523a7b9c port=pci-0000:00:17.0-ata-1 seq=1
            pt=1b3d5f79-8a2c-4e6b-9d0f-3e5a7c9b1d24)
  local lin=0fc63daf-8483-4772-8e79-3d69d8477de4
  udev_ata 8:0 "${ua0[@]}"
  udev_ata 8:1 "${ua0[@]}" part=1 partuuid=4e6a8c0b-2d4f-4a71-b3c5-7e9f1a3b5d68 \
    ptype=c12a7328-f81f-11d2-ba4b-00a0c93ec93b start=2048 size=1048576 disk=8:0 \
    pname="EFI\x20System\x20Partition" fstype=vfat fsuuid=9E4B-21C7 fsver=FAT32 \
    usage=filesystem
  udev_ata 8:2 "${ua0[@]}" part=2 partuuid=8a0c2e4f-6b8d-4f93-a5c7-0e2a4c6e8f10 \
    ptype=$lin start=1050624 size="$(cat "$R/${DP[sda2]}/size")" disk=8:0 fstype=ext4 \
    fsuuid=7c2e9a41-5d3b-4f68-8e17-a9b0c4d2e6f5 fsver=1.0 usage=filesystem
  udev_ata 8:16 model="HGST HSH721414ALE6M0" serial=9RJ3K1AB fw=LDGNW07G \
    wwn=0x5000cca2b1c4d6e8 port=pci-0000:00:17.0-ata-2 seq=2 rpm=7200 fstype=btrfs \
    fsuuid=3f8a1c6e-2b9d-4e75-a0c3-6d1e8f2b4a97 fssub=e1c3a5b7-9d2f-4b68-8a0c-5e7f9b1d3a46 \
    fsver=1 usage=filesystem extra="S:disk/by-uuid/3f8a1c6e-2b9d-4e75-a0c3-6d1e8f2b4a97"
  udev_ata 8:32 model="ST8000AS0022-1WL17Z" serial=Z8415A2C fw=0004 \
    wwn=0x5000c5009a3b5c7d port=pci-0000:00:17.0-ata-3 seq=3 rpm=5980 fstype=xfs \
    fsuuid=b4d6e8f0-1a3c-4e5b-9d7f-2c4e6a8b0d13 fsver="" usage=filesystem \
    extra="S:disk/by-uuid/b4d6e8f0-1a3c-4e5b-9d7f-2c4e6a8b0d13"
  udev_ata 8:48 model="HGST HSH721414ALE6M0" serial=9RJ3K7CD fw=LDGNW07G \
    wwn=0x5000cca2b1c4f0a2 port=pci-0000:00:17.0-ata-4 seq=4 rpm=7200
  end_tree
}

# ===================================================================== main
# ============================================================ 17. nvmeof-tcp
# A PostgreSQL host whose data volume is a namespace of an all-flash array
# (active/active controllers) reached over NVMe/TCP through two NICs and two
# array ports: native multipath joins the two paths, nvme1c1n1 and nvme1c2n1
# (hidden block devices), into the head nvme1n1, with the default iopolicy
# numa on a one-socket host, so one path carries all the I/O.
build_nvmeof_tcp() {
  begin_tree nvmeof-tcp 608
  write_kernel 6.8.0-51-generic "(buildd@lcy02-amd64-091) (x86_64-linux-gnu-gcc-13 (Ubuntu 13.3.0-6ubuntu2~24.04) 13.3.0, GNU ld (GNU Binutils for Ubuntu) 2.42) #52-Ubuntu SMP PREEMPT_DYNAMIC Thu Dec  5 13:09:44 UTC 2024"
  mkdmi bios_vendor="Dell Inc." bios_version=2.21.1 bios_date=03/12/2024 bios_release=2.21 \
    sys_vendor="Dell Inc." product_name="PowerEdge R640" product_version="" \
    product_family=PowerEdge product_sku="SKU=0716;ModelName=PowerEdge R640" \
    board_vendor="Dell Inc." board_name=0H28RR board_version=A06 board_asset_tag="" \
    chassis_vendor="Dell Inc." chassis_type=23 chassis_version="" chassis_asset_tag=""
  write_cpuinfo 32 vendor=GenuineIntel family=6 model=85 stepping=7 ucode=0x5003707 \
    name="Intel(R) Xeon(R) Gold 6226R CPU @ 2.90GHz" mhz=2900.000 cache=22528 \
    cores=16 threads=2 cpuid=22 flags="$CPU_CASCADELAKE_FLAGS" vmxflags="$CPU_INTEL_VMX" \
    bugs="spectre_v1 spectre_v2 spec_store_bypass swapgs taa itlb_multihit mmio_stale_data retbleed eibrs_pbrsb gds bhi" \
    bogo=5800.00 addr="46 bits physical, 48 bits virtual"
  local mem=131603520
  write_meminfo $mem 8122340 104211776 512204 92110336 0 0 127926272
  BDI_MAXB=21561344000

  # the boot disk: a Samsung PM9A3 U.2, one controller, so no multipath head
  PCI_NUMA=0
  local pci=sys/devices/pci0000:17/0000:17:02.0/0000:19:00.0
  mkpci "$pci" 0x144d 0xa80a 0x010802 nvme 0x144d 0xa812
  local c0=$pci/nvme/nvme0
  mknvme "$c0" 0 240 "SAMSUNG MZQL2960HCJR-00A07" S64FNN0W501234 GDC5602Q \
    "nqn.1994-11.com.samsung:nvme:PM9A3:2.5-inch:S64FNN0W501234" 33 6
  PCI_NUMA=-1
  local n0=1875385008 e
  mkdisk nvme0n1 "$c0/nvme0n1" 259 0 $n0 range=0 seq=1 dev="$c0" io=301221,912004,2201,0 lat=4
  q_nvme hwq=32 cpus=32 sched="[none] mq-deadline kyber bfq "
  mkqueue nvme0n1
  nvme_ns nvme0n1 1 eui.36344630575012340025384500000001 \
    nguid=36344630-5750-1234-0025-384500000001
  mkpart nvme0n1 nvme0n1p1 1 259 1 2048 2201600 partname="EFI System Partition" io=402,2,0,0 lat=4
  e=$(gpt_end $n0)
  mkpart nvme0n1 nvme0n1p2 2 259 2 2203648 $((e - 2203648)) io=300811,912002,2201,0 lat=4

  # the array: two controllers (CT0, CT1) over NVMe/TCP, each reached from
  # its own NIC and subnet; 32 I/O queues each (one per CPU) plus the admin
  local arr="Pure Storage FlashArray" asn=5A8F3C2E1D4B7A69 afw=6.5.8
  local nqn=nqn.2010-06.com.purestorage:flasharray.5a8f3c2e1d4b7a69
  local host=nqn.2014-08.org.nvmexpress:uuid:4c4c4544-0051-4810-8052-b4c04f4a3333
  local hid=4c4c4544-0051-4810-8052-b4c04f4a3333
  mknvmf 1 240 "$arr" $asn $afw $nqn 4129 33 tcp \
    "traddr=192.168.10.21,trsvcid=4420,src_addr=192.168.10.5" hostnqn=$host hostid=$hid
  mknvmf 2 240 "$arr" $asn $afw $nqn 8225 33 tcp \
    "traddr=192.168.20.22,trsvcid=4420,src_addr=192.168.20.5" hostnqn=$host hostid=$hid
  mknvme_subsys 0 "nqn.1994-11.com.samsung:nvme:PM9A3:2.5-inch:S64FNN0W501234" \
    "SAMSUNG MZQL2960HCJR-00A07" S64FNN0W501234 GDC5602Q numa 0
  mknvme_subsys 1 $nqn "$arr" $asn $afw numa 1 2
  nvme_core_params

  # namespace 1 (2 TiB): the paths are added first, so the first path got
  # 259:3 and the head, added when that path went live, 259:4
  local ns=4294967296 wwid=eui.00a8f3c2e1d4b7a624a9370a00011234
  local nguid=00a8f3c2-e1d4-b7a6-24a9-370a00011234
  local subdir=sys/devices/virtual/nvme-subsystem/nvme-subsys1 p path cd
  for p in 1 2; do
    path=nvme1c${p}n1
    cd=sys/devices/virtual/nvme-fabrics/ctl/nvme$p
    mkdisk $path "$cd/$path" 259 $((p == 1 ? 3 : 5)) $ns range=0 seq=$((p == 1 ? 2 : 4)) \
      dev="$cd" hidden=1 io=$((4120331 + p * 1021)),$((6021447 + p * 877)),12001,0 \
      lat=$((p * 90 - 10))
    q_nvme hwq=32 cpus=32 nr=127 tags=128 pbs=4096 minio=4096 maxkb=256 maxhwkb=256 \
      segs=257 dgran=512 dmax=4294966784 dmaxhw=4294966784 dsegs=256 \
      sched="[none] mq-deadline kyber bfq "
    mkqueue $path
    # hidden disks register no bdi
    rm -rf "${R:?}/${DP[$path]}/bdi" "${R:?}/sys/devices/virtual/bdi/${MM[$path]}"
    nvme_ns $path 1 $wwid nguid=$nguid ana_grpid=1 ana_state=optimized
    if ((p == 1)); then
      mkdisk nvme1n1 "$subdir/nvme1n1" 259 4 $ns range=0 seq=3 dev="$subdir" \
        io=8240873,12042198,24002,0 lat=45
      qdef
      qset mode=bio rot=0 ra=128 maxkb=256 maxhwkb=256 lbs=512 pbs=4096 minio=4096 \
        wc="write through" dgran=512 dmax=4294966784 dmaxhw=4294966784 dsegs=256 segs=257 \
        segsz=4294967295 virtb=4095 dmaalign=3 iostats=1
      mkqueue nvme1n1
      nvme_ns nvme1n1 1 $wwid nguid=$nguid
    fi
  done

  {
    mi_systemd 259:2 /dev/nvme0n1p2 ext4 rw,relatime rw,errors=remount-ro udev $mem
    cat <<'EOF'
62 28 259:1 / /boot/efi rw,relatime shared:31 - vfat /dev/nvme0n1p1 rw,fmask=0077,dmask=0077,codepage=437,iocharset=iso8859-1,shortname=mixed,errors=remount-ro
66 28 259:4 / /var/lib/postgresql rw,noatime shared:35 - xfs /dev/nvme1n1 rw,attr2,inode64,logbufs=8,logbsize=32k,sunit=8,swidth=8,noquota
EOF
  } | write_mountinfo
  write_swaps </dev/null
  write_vm dirty_ratio=20 dirty_background_ratio=10 dirty_bytes=0 dirty_background_bytes=0 \
    dirty_expire_centisecs=3000 dirty_writeback_centisecs=500 swappiness=60 \
    vfs_cache_pressure=100 min_free_kbytes=135168 overcommit_memory=0 page-cluster=3 \
    laptop_mode=0 zone_reclaim_mode=0 dirtytime_expire_seconds=43200
  wcat etc/fstab <<'EOF'
# /etc/fstab: static file system information.
# <file system> <mount point>   <type>  <options>       <dump>  <pass>
UUID=9b3e5f21-4c7a-4d18-a6e2-0f8c1b7d3e54 /               ext4    errors=remount-ro 0       1
UUID=5C1D-8A2F  /boot/efi       vfat    umask=0077      0       1
# the array's namespace: mounted once the network and nvmf-autoconnect are up
UUID=e2a7c9d4-1b6f-4e38-95d0-7c3a8f1e6b29 /var/lib/postgresql xfs noatime,_netdev,nofail 0 0
EOF
  w etc/nvme/hostnqn "$host"
  w etc/nvme/hostid "$hid"
  wcat etc/nvme/discovery.conf <<'EOF'
# Used for extending the commands called by nvmf-autoconnect.service
--transport=tcp --traddr=192.168.10.21 --trsvcid=8009 --host-traddr=192.168.10.5
--transport=tcp --traddr=192.168.20.22 --trsvcid=8009 --host-traddr=192.168.20.5
EOF
  w etc/os-release 'PRETTY_NAME="Ubuntu 24.04.1 LTS"' 'NAME="Ubuntu"' 'VERSION_ID="24.04"' \
    'VERSION="24.04.1 LTS (Noble Numbat)"' 'VERSION_CODENAME=noble' 'ID=ubuntu' 'ID_LIKE=debian'

  UDEV_BASE=3120447
  local pm="SAMSUNG MZQL2960HCJR-00A07" psn=S64FNN0W501234 pw=eui.36344630575012340025384500000001
  local cm=(model="$pm" serial=$psn fw=GDC5602Q wwid=$pw nsid=1 path=pci-0000:19:00.0-nvme-1
            seq=1 pt=b81f0c3e-2a47-4d95-8e61-d4c2a7f90b13)
  udev_nvme 259:0 "${cm[@]}"
  udev_nvme 259:1 "${cm[@]}" part=1 partuuid=1f6a3c82-9d4e-4b17-a5c0-8e2d7b9f4a61 \
    ptype=c12a7328-f81f-11d2-ba4b-00a0c93ec93b start=2048 size=2201600 disk=259:0 \
    pname="EFI\x20System\x20Partition" fstype=vfat fsuuid=5C1D-8A2F fsver=FAT32 usage=filesystem
  udev_nvme 259:2 "${cm[@]}" part=2 partuuid=6d2e9b47-3a1c-4f85-b0d6-2c7e4a9f1b38 \
    ptype=0fc63daf-8483-4772-8e79-3d69d8477de4 start=2203648 size=$((e - 2203648)) disk=259:0 \
    fstype=ext4 fsuuid=9b3e5f21-4c7a-4d18-a6e2-0f8c1b7d3e54 fsver=1.0 usage=filesystem
  # udev makes no links for the hidden paths; the head has no by-path link
  udevdb 259:4 <<EOF
S:disk/by-id/nvme-Pure_Storage_FlashArray_${asn}_1
S:disk/by-id/nvme-Pure_Storage_FlashArray_${asn}
S:disk/by-id/nvme-$wwid
S:disk/by-diskseq/3
S:disk/by-uuid/e2a7c9d4-1b6f-4e38-95d0-7c3a8f1e6b29
E:ID_SERIAL_SHORT=$asn
E:ID_WWN=$wwid
E:ID_MODEL=$arr
E:ID_REVISION=$afw
E:ID_NSID=1
E:ID_SERIAL=Pure_Storage_FlashArray_$asn
E:ID_FS_UUID=e2a7c9d4-1b6f-4e38-95d0-7c3a8f1e6b29
E:ID_FS_UUID_ENC=e2a7c9d4-1b6f-4e38-95d0-7c3a8f1e6b29
E:ID_FS_TYPE=xfs
E:ID_FS_USAGE=filesystem
EOF
  end_tree
}

main() {
  local t
  local -a want=("$@")
  ((${#want[@]})) || want=("${TREES[@]}")
  for t in "${want[@]}"; do
    "build_${t//-/_}"
  done
}
main "$@"
