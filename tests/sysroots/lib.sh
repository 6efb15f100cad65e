# shellcheck shell=bash
# Helper library for build.sh: writes sysfs/procfs/udev files the way the
# kernel (and udev) lay them out.  Sourced, never run directly.

R=""          # root of the tree being built
K=0           # kernel generation
declare -A DP=()    # block device name -> sysfs dir (relative to $R)
declare -A MM=()    # block device name -> maj:min
declare -A QPBS=() QIOMIN=() QDGRAN=()   # queue limits of whole devices
DISKSTATS=()  # /proc/diskstats lines in registration order
UDEV_I=0
UDEV_BASE=0
BDI_MAXB=0    # bdi max_bytes (6.2+): global dirty threshold in bytes

# ------------------------------------------------------------------ files
# w PATH LINE...      write lines (each followed by \n)
w() { local f="$R/$1"; shift; mkdir -p "${f%/*}"; printf '%s\n' "$@" > "$f"; }
# wcat PATH           write stdin
wcat() { local f="$R/$1"; mkdir -p "${f%/*}"; cat > "$f"; }
# wempty PATH         file whose read returns nothing (kernel prints no bytes)
wempty() { local f="$R/$1"; mkdir -p "${f%/*}"; : > "$f"; }
# lnk TARGET LINK     relative symlink, both paths relative to $R
lnk() {
  local t="$R/$1" l="$R/$2"
  mkdir -p "${l%/*}"
  ln -sfn "$(realpath -m -s --relative-to="${l%/*}" "$t")" "$l"
}
# kv-style attribute writer: attrs DIR key=value ...
attrs() { local d=$1 kv; shift; for kv; do w "$d/${kv%%=*}" "${kv#*=}"; done; }
hexstr() { printf '%s' "$1" | od -An -tx1 -v | tr -d ' \n'; }

# ------------------------------------------------------------- statistics
# stat_fields READS WRITES DISCARDS FLUSHES LAT  -> fields of /sys/.../stat
stat_fields() {
  local r=$1 wr=$2 d=$3 f=$4 L=$5
  local rm=$((r / 9)) rs=$((r * 53 + r % 7)) rt=$((r * L / 97))
  local wm=$((wr / 3)) ws=$((wr * 29 + wr % 5)) wt=$((wr * L / 61))
  local dm=$((d / 11)) ds=$((d * 3071)) dt=$((d * L / 397)) ft=$((f * L / 211))
  local iot=0
  if ((r + wr + d + f)); then iot=$(((r + wr + d) * L / 173 + 3)); fi
  local tiq=$((rt + wt + dt + ft))
  if ((K < 418)); then
    echo "$r $rm $rs $rt $wr $wm $ws $wt 0 $iot $tiq"
  else
    echo "$r $rm $rs $rt $wr $wm $ws $wt 0 $iot $tiq $d $dm $ds $dt $f $ft"
  fi
}
# write_stat DIR NAME MAJ MIN IO(r,w,d,f) LAT
write_stat() {
  local d=$1 n=$2 maj=$3 min=$4 io=$5 L=$6 r wr dd ff
  IFS=, read -r r wr dd ff <<<"$io"
  local -a fl; read -ra fl <<<"$(stat_fields "$r" "$wr" "${dd:-0}" "${ff:-0}" "$L")"
  local line; line=$(printf '%8s' "${fl[0]}"; printf ' %8s' "${fl[@]:1}")
  w "$d/stat" "$line"
  w "$d/inflight" "$(printf '%8s %8s' 0 0)"
  DISKSTATS+=("$(printf '%4d %7d %s %s' "$maj" "$min" "$n" "${fl[*]}")")
}

# -------------------------------------------------------------- PCI, DMI
# mkpci DIR VENDOR DEVICE CLASS DRIVER SUBVENDOR SUBDEVICE
mkpci() {
  local d=$1 v=$2 dv=$3 c=$4 drv=$5 sv=$6 sd=$7 slot=${1##*/}
  attrs "$d" vendor="$v" device="$dv" class="$c" subsystem_vendor="$sv" \
    subsystem_device="$sd" numa_node="${PCI_NUMA:--1}" enable=1
  local V=${v#0x} D=${dv#0x} SV=${sv#0x} SD=${sd#0x} C=${c#0x}
  w "$d/uevent" "DRIVER=$drv" "PCI_CLASS=$(printf '%X' $((16#$C)))" \
    "PCI_ID=${V^^}:${D^^}" "PCI_SUBSYS_ID=${SV^^}:${SD^^}" "PCI_SLOT_NAME=$slot" \
    "MODALIAS=pci:v0000${V^^}d0000${D^^}sv0000${SV^^}sd0000${SD^^}bc${C:0:2}sc${C:2:2}i${C:4:2}"
  w "$d/modalias" "pci:v0000${V^^}d0000${D^^}sv0000${SV^^}sd0000${SD^^}bc${C:0:2}sc${C:2:2}i${C:4:2}"
}
dmi_filter() { local s=$1; s=${s//[[:space:]]/}; s=${s//:/}; printf '%s' "$s"; }
# mkdmi key=value ...   (sys_vendor product_name board_vendor ... )
mkdmi() {
  local d=sys/devices/virtual/dmi/id kv
  local -A o=()
  for kv; do o[${kv%%=*}]=${kv#*=}; w "$d/${kv%%=*}" "${kv#*=}"; done
  local m
  m="dmi:bvn$(dmi_filter "${o[bios_vendor]}"):bvr$(dmi_filter "${o[bios_version]}"):bd${o[bios_date]}:"
  [[ -n ${o[bios_release]:-} ]] && m+="br${o[bios_release]}:"
  m+="svn$(dmi_filter "${o[sys_vendor]}"):pn$(dmi_filter "${o[product_name]}"):pvr$(dmi_filter "${o[product_version]:-}"):"
  m+="rvn$(dmi_filter "${o[board_vendor]}"):rn$(dmi_filter "${o[board_name]}"):rvr$(dmi_filter "${o[board_version]:-}"):"
  m+="cvn$(dmi_filter "${o[chassis_vendor]}"):ct${o[chassis_type]}:cvr$(dmi_filter "${o[chassis_version]:-}"):"
  [[ -n ${o[product_sku]:-} ]] && m+="sku$(dmi_filter "${o[product_sku]}"):"
  w "$d/modalias" "$m"
  w "$d/uevent" "MODALIAS=$m"
  lnk "$d" sys/class/dmi/id
}

# ------------------------------------------------------------ block core
# bdi DIR NAME MAJ:MIN READ_AHEAD_KB
mkbdi() {
  local d=$1 mm=$2 ra=$3 b=sys/devices/virtual/bdi/$2
  attrs "$b" read_ahead_kb="$ra" min_ratio=0 max_ratio=100
  if ((K >= 309)); then w "$b/stable_pages_required" 0; fi
  if ((K >= 602)); then
    attrs "$b" min_ratio_fine=0 max_ratio_fine=1000000 min_bytes=0 \
      max_bytes="$BDI_MAXB" strict_limit=0
  fi
  lnk "$b" "$d/bdi"
}

# mkdisk NAME DIR MAJ MIN SIZE [key=value ...]
#   keys: removable ro range extrange cap seq events poll io lat dev hidden
#         partscan virtual
mkdisk() {
  local n=$1 d=$2 maj=$3 min=$4 size=$5 kv; shift 5
  local -A o=([removable]=0 [ro]=0 [range]=16 [extrange]=256 [cap]=50 [seq]=""
              [events]="" [poll]=-1 [io]="0,0,0,0" [lat]=50 [dev]="" [hidden]=0
              [partscan]=1 [async]="")
  for kv; do o[${kv%%=*}]=${kv#*=}; done
  DP[$n]=$d; MM[$n]=$maj:$min
  attrs "$d" dev="$maj:$min" size="$size" ro="${o[ro]}" removable="${o[removable]}" \
    alignment_offset=0 discard_alignment=0 range="${o[range]}" ext_range="${o[extrange]}" \
    events_poll_msecs="${o[poll]}"
  # events/events_async print nothing at all when no event is supported
  if [[ -n ${o[events]} ]]; then w "$d/events" "${o[events]}"; else wempty "$d/events"; fi
  wempty "$d/events_async"
  if ((K >= 518)); then w "$d/capability" 0; else w "$d/capability" "${o[cap]}"; fi
  if ((K >= 510)); then w "$d/hidden" "${o[hidden]}"; fi
  local ue=("MAJOR=$maj" "MINOR=$min" "DEVNAME=$n" "DEVTYPE=disk")
  if ((K >= 515)); then w "$d/diskseq" "${o[seq]}"; ue+=("DISKSEQ=${o[seq]}"); fi
  if ((K >= 610)); then w "$d/partscan" "${o[partscan]}"; fi
  w "$d/uevent" "${ue[@]}"
  write_stat "$d" "$n" "$maj" "$min" "${o[io]}" "${o[lat]}"
  [[ -n ${o[dev]} ]] && lnk "${o[dev]}" "$d/device"
  lnk "$d" "sys/block/$n"
  lnk "$d" "sys/dev/block/$maj:$min"
  lnk "$d" "sys/class/block/$n"
}

# mkpart DISK NAME PARTN MAJ MIN START SIZE [key=value ...]
#   keys: partname io lat
mkpart() {
  local disk=$1 n=$2 pn=$3 maj=$4 min=$5 start=$6 size=$7 kv; shift 7
  local -A o=([partname]="" [io]="0,0,0,0" [lat]=50)
  for kv; do o[${kv%%=*}]=${kv#*=}; done
  local d=${DP[$disk]}/$n
  DP[$n]=$d; MM[$n]=$maj:$min
  # the kernel derives these from the disk's queue limits and the start sector
  local gran=${QPBS[$disk]}; ((${QIOMIN[$disk]} > gran)) && gran=${QIOMIN[$disk]}
  local al=$(( (gran - (start % (gran / 512)) * 512) % gran ))
  local dal=0 dg=${QDGRAN[$disk]}
  if ((dg > 0)); then dal=$(( (dg - (start * 512) % dg) % dg )); fi
  attrs "$d" dev="$maj:$min" size="$size" start="$start" partition="$pn" ro=0 \
    alignment_offset="$al" discard_alignment="$dal"
  local ue=("MAJOR=$maj" "MINOR=$min" "DEVNAME=$n" "DEVTYPE=partition" "PARTN=$pn")
  [[ -n ${o[partname]} ]] && ue+=("PARTNAME=${o[partname]}")
  w "$d/uevent" "${ue[@]}"
  write_stat "$d" "$n" "$maj" "$min" "${o[io]}" "${o[lat]}"
  lnk "$d" "sys/dev/block/$maj:$min"
  lnk "$d" "sys/class/block/$n"
}

# stack UPPER LOWER : LOWER/holders/UPPER and UPPER/slaves/LOWER
stack() {
  lnk "${DP[$1]}" "${DP[$2]}/holders/$1"
  lnk "${DP[$2]}" "${DP[$1]}/slaves/$2"
}

# ------------------------------------------------------------------ queue
# Queue settings live in the associative array Q; qdef resets, qset overrides,
# mkqueue NAME writes DIR/queue (+ mq/, bdi) for the kernel generation $K.
declare -A Q=()
qdef() {
  Q=([mode]=mq [rot]=0 [sched]="" [nr]=256 [ra]=128 [maxkb]=1280 [maxhwkb]=32767
     [lbs]=512 [pbs]=512 [minio]=512 [optio]=0 [wc]="write back" [fua]=0
     [dmax]=0 [dmaxhw]=0 [dgran]=0 [dsegs]=1 [wz]=0 [ws]=0 [segs]=128
     [segsz]=65536 [wbt]=2000 [timeout]="" [rqaff]=1 [addrand]=0 [iostats]=1
     [nomerges]=0 [chunk]=0 [virtb]=0 [dmaalign]=511 [stable]=0 [hwq]=1
     [tags]=128 [rtags]=0 [cpus]=1 [cpulists]="" [asyncdepth]="" [dzd]=0
     [timeout_sync]=125 [zoned]=none [nrzones]=0 [maxopen]=0 [maxactive]=0
     [zappend]=0 [zwgran]=0)
}
qset() { local kv; for kv; do Q[${kv%%=*}]=${kv#*=}; done; }

iosched() {
  local d=$1 s=$2
  case $s in
    mq-deadline)
      local ad=${Q[asyncdepth]:-$((Q[nr] * 3 / 4))}
      attrs "$d" async_depth="$ad" fifo_batch=16 front_merges=1 read_expire=500 \
        write_expire=5000 writes_starved=2
      if ((K >= 515)); then w "$d/prio_aging_expire" 10000; fi ;;
    bfq)
      attrs "$d" back_seek_max=16384 back_seek_penalty=2 fifo_expire_async=250 \
        fifo_expire_sync=125 low_latency=1 max_budget=0 slice_idle=8 \
        slice_idle_us=8000 strict_guarantees=0 timeout_sync="${Q[timeout_sync]}" ;;
    kyber)
      attrs "$d" read_lat_nsec=2000000 write_lat_nsec=10000000 ;;
    cfq)
      attrs "$d" back_seek_max=16384 back_seek_penalty=2 fifo_expire_async=250 \
        fifo_expire_sync=125 group_idle=8 low_latency=1 quantum=8 slice_async=40 \
        slice_async_rq=2 slice_idle=8 slice_sync=100 target_latency=300 ;;
    deadline)
      attrs "$d" fifo_batch=16 front_merges=1 read_expire=500 write_expire=5000 \
        writes_starved=2 ;;
    none | noop | "") ;;
  esac
}

mkqueue() {
  local n=$1 d=${DP[$1]} q=${DP[$1]}/queue m=${Q[mode]}
  QPBS[$n]=${Q[pbs]}; QIOMIN[$n]=${Q[minio]}; QDGRAN[$n]=${Q[dgran]}
  attrs "$q" add_random="${Q[addrand]}" discard_granularity="${Q[dgran]}" \
    discard_max_bytes="${Q[dmax]}" discard_zeroes_data="${Q[dzd]}" \
    hw_sector_size="${Q[lbs]}" iostats="${Q[iostats]}" \
    logical_block_size="${Q[lbs]}" max_hw_sectors_kb="${Q[maxhwkb]}" \
    max_integrity_segments=0 max_sectors_kb="${Q[maxkb]}" \
    max_segment_size="${Q[segsz]}" max_segments="${Q[segs]}" \
    minimum_io_size="${Q[minio]}" nomerges="${Q[nomerges]}" \
    optimal_io_size="${Q[optio]}" physical_block_size="${Q[pbs]}" \
    read_ahead_kb="${Q[ra]}" rotational="${Q[rot]}" \
    write_same_max_bytes="${Q[ws]}"
  # scheduler / nr_requests / rq_affinity: every queue before 6.11 (bio-based
  # ones print a bare "none"), only blk-mq queues from 6.11 on.
  if [[ $m != bio ]] || ((K < 611)); then
    if [[ $m == bio ]]; then
      attrs "$q" scheduler=none nr_requests=128 rq_affinity=0
    else
      printf '%s\n' "${Q[sched]}" > "$R/$q/scheduler"
      attrs "$q" nr_requests="${Q[nr]}" rq_affinity="${Q[rqaff]}"
    fi
  fi
  if ((K >= 403)); then w "$q/discard_max_hw_bytes" "${Q[dmaxhw]}"; fi
  if ((K >= 404)); then w "$q/io_poll" 0; fi
  if ((K >= 407)); then attrs "$q" write_cache="${Q[wc]}" fua="${Q[fua]}" dax=0; fi
  if ((K >= 410)); then
    attrs "$q" io_poll_delay=-1 write_zeroes_max_bytes="${Q[wz]}" zoned="${Q[zoned]}" \
      chunk_sectors="${Q[chunk]}"
    # bio-based queues have the file but reading it fails (EINVAL): left out
    [[ $m == mq ]] && w "$q/wbt_lat_usec" "${Q[wbt]}"
  fi
  if ((K >= 411)); then w "$q/max_discard_segments" "${Q[dsegs]}"; fi
  if ((K >= 420)); then w "$q/nr_zones" "${Q[nrzones]}"; fi
  if ((K >= 500)) && [[ $m == mq && -n ${Q[timeout]} ]]; then w "$q/io_timeout" "${Q[timeout]}"; fi
  if ((K >= 502)); then w "$q/virt_boundary_mask" "${Q[virtb]}"; fi
  if ((K >= 508)); then w "$q/zone_append_max_bytes" "${Q[zappend]}"; fi
  if ((K >= 509)); then w "$q/stable_writes" "${Q[stable]}"; fi
  if ((K >= 509 && K < 611)); then
    attrs "$q" max_open_zones="${Q[maxopen]}" max_active_zones="${Q[maxactive]}"
  fi
  if ((K >= 513)); then w "$q/zone_write_granularity" "${Q[zwgran]}"; fi
  if ((K >= 600)); then w "$q/dma_alignment" "${Q[dmaalign]}"; fi
  if ((K >= 611)); then
    attrs "$q" atomic_write_boundary_bytes=0 atomic_write_max_bytes=0 \
      atomic_write_unit_max_bytes=0 atomic_write_unit_min_bytes=0
  fi
  if ((K >= 614)); then w "$q/iostats_passthrough" 0; fi
  if ((K >= 616)); then attrs "$q" max_write_streams=0 write_stream_granularity=0; fi
  if ((K >= 617)); then
    attrs "$q" write_zeroes_unmap_max_bytes=0 write_zeroes_unmap_max_hw_bytes=0
  fi
  # active elevator tunables
  if [[ $m != bio ]]; then
    local act=""
    [[ ${Q[sched]} =~ \[([a-z-]+)\] ]] && act=${BASH_REMATCH[1]}
    iosched "$q/iosched" "$act"
  fi
  # blk-mq hardware contexts
  if [[ $m == mq ]]; then
    local i c lists=() ncpu=${Q[cpus]} h=${Q[hwq]}
    if [[ -n ${Q[cpulists]} ]]; then
      IFS='|' read -ra lists <<<"${Q[cpulists]}"
    else
      for ((i = 0; i < h; i++)); do
        local s="" lo=$((i * ncpu / h)) hi=$(((i + 1) * ncpu / h))
        for ((c = lo; c < hi; c++)); do s+="${s:+, }$c"; done
        lists+=("$s")
      done
    fi
    for ((i = 0; i < h; i++)); do
      attrs "$d/mq/$i" cpu_list="${lists[$i]}" nr_tags="${Q[tags]}" \
        nr_reserved_tags="${Q[rtags]}"
    done
  fi
  mkbdi "$d" "${MM[$n]}" "${Q[ra]}"
}

# --------------------------------------------------------------------- SCSI
# mkshost HOSTDIR H PROC_NAME [attr=value ...]   (scsi_host class attributes)
mkshost() {
  local hd=$1 h=$2 pn=$3; shift 3
  local cd=$hd/scsi_host/host$h
  attrs "$cd" proc_name="$pn" unique_id=$((h + 1)) state=running \
    active_mode=Initiator supported_mode=Initiator host_busy=0 eh_deadline=off \
    prot_capabilities=0 prot_guard_type=0
  attrs "$cd" "$@"
  w "$hd/uevent" "DEVTYPE=scsi_host"
  lnk "$cd" "sys/class/scsi_host/host$h"
}
# mksdev DIR TYPE VENDOR MODEL REV QDEPTH WWID SCSI_LEVEL [attr=value ...]
#   VENDOR/MODEL/REV are the INQUIRY strings; padded as the kernel prints them
mksdev() {
  local d=$1 t=$2 v=$3 mo=$4 rv=$5 qd=$6 wwid=$7 lvl=$8; shift 8
  local hctl=${d##*/} drv=sd ma
  ma=scsi:t-0x$(printf '%02x' "$t")
  [[ $t == 5 ]] && drv=sr
  w "$d/vendor" "$(printf '%-8.8s' "$v")"
  w "$d/model" "$(printf '%-16.16s' "$mo")"
  w "$d/rev" "$(printf '%-4.4s' "$rv")"
  attrs "$d" type="$t" state=running queue_depth="$qd" scsi_level="$lvl" \
    timeout=30 device_blocked=0 iocounterbits=32 \
    modalias="$ma"
  if ((K >= 310)); then w "$d/eh_timeout" 10; fi
  if ((K < 600)); then w "$d/queue_type" simple; fi
  [[ -n $wwid ]] && w "$d/wwid" "$wwid"
  attrs "$d" "$@"
  w "$d/uevent" "DEVTYPE=scsi_device" "DRIVER=$drv" "MODALIAS=$ma"
  w "${d%/*}/uevent" "DEVTYPE=scsi_target"
  if [[ $t == 0 || $t == 20 ]]; then # sd binds disks and ZBC disks
    lnk "$d" "sys/class/scsi_disk/$hctl/device"
  fi
}
# scsi_disk class attributes (sd only)
mksdisk() {
  local d=$1; shift
  local hctl=${d##*/}
  attrs "$d/scsi_disk/$hctl" allow_restart=1 manage_start_stop=1 protection_type=0 \
    protection_mode=none app_tag_own=0 max_medium_access_timeouts=2 "$@"
}
# ATA helpers: SCSI INQUIRY strings libata synthesises from IDENTIFY data
ata_rev() { # rev = last 4 chars of the 8-char fw string unless blank
  local fw; fw=$(printf '%-8.8s' "$1")
  if [[ ${fw:4:4} == "    " ]]; then printf '%s' "${fw:0:4}"; else printf '%s' "${fw:4:4}"; fi
}

# --------------------------------------------------------------------- NVMe
# mknvme DIR IDX CHARMAJ MODEL SERIAL FW NQN CNTLID QCOUNT [attr=value ...]
mknvme() {
  local d=$1 i=$2 cmaj=$3 mo=$4 sn=$5 fw=$6 nqn=$7 cid=$8 qc=$9; shift 9
  local pci=${d%/nvme/*}
  w "$d/model" "$mo"
  w "$d/serial" "$sn"
  w "$d/firmware_rev" "$(printf '%-8.8s' "$fw")"
  attrs "$d" transport=pcie cntlid="$cid" subsysnqn="$nqn" state=live \
    queue_count="$qc" sqsize=1023 address="${pci##*/}" numa_node="${PCI_NUMA:--1}" \
    kato=0 dev="$cmaj:$i"
  if ((K >= 516)); then attrs "$d" cntrltype=io dctype=none; fi
  attrs "$d" "$@"
  w "$d/uevent" "MAJOR=$cmaj" "MINOR=$i" "DEVNAME=nvme$i" "NVME_TRTYPE=pcie"
  lnk "$pci" "$d/device"
  lnk "$d" "sys/class/nvme/nvme$i"
}
# mknvmf IDX CHARMAJ MODEL SERIAL FW NQN CNTLID QCOUNT TRANSPORT ADDRESS [attr=value ...]
#   an NVMe over Fabrics controller (nvme-fabrics/ctl/nvmeIDX): tcp, rdma, fc
mknvmf() {
  local i=$1 cmaj=$2 mo=$3 sn=$4 fw=$5 nqn=$6 cid=$7 qc=$8 tr=$9 addr=${10}; shift 10
  local d=sys/devices/virtual/nvme-fabrics/ctl/nvme$i
  w "$d/model" "$mo"
  w "$d/serial" "$sn"
  w "$d/firmware_rev" "$(printf '%-8.8s' "$fw")"
  attrs "$d" transport="$tr" cntlid="$cid" subsysnqn="$nqn" state=live queue_count="$qc" \
    sqsize=127 address="$addr" numa_node=-1 kato=5 dev="$cmaj:$i" ctrl_loss_tmo=600 \
    reconnect_delay=10 fast_io_fail_tmo=off cntrltype=io dctype=none "$@"
  local ta=${addr#traddr=}; ta=${ta%%,*}
  w "$d/uevent" "MAJOR=$cmaj" "MINOR=$i" "DEVNAME=nvme$i" "NVME_TRTYPE=$tr" \
    "NVME_TRADDR=$ta" "NVME_TRSVCID=4420" "NVME_HOST_TRADDR=none" "NVME_HOST_IFACE=none"
  lnk "$d" "sys/class/nvme/nvme$i"
}
# mknvme_subsys N NQN MODEL SERIAL FW IOPOLICY CTRL...   the nvme-subsystem of
#   controllers nvmeCTRL..., which holds a multipath head's iopolicy
mknvme_subsys() {
  local n=$1 nqn=$2 mo=$3 sn=$4 fw=$5 pol=$6 c; shift 6
  local d=sys/devices/virtual/nvme-subsystem/nvme-subsys$n
  attrs "$d" subsysnqn="$nqn" model="$mo" serial="$sn" iopolicy="$pol" subsystype=nvm
  w "$d/firmware_rev" "$(printf '%-8.8s' "$fw")"
  wempty "$d/uevent"
  for c; do lnk "$(readlink -f "$R/sys/class/nvme/nvme$c" | sed "s|^$R/||")" "$d/nvme$c"; done
  lnk "$d" "sys/class/nvme-subsystem/nvme-subsys$n"
}
# nvme_core_params key=value ...   the nvme_core module's parameters
#   (drivers/nvme/host/core.c, multipath.c), defaults overridden by the keys
nvme_core_params() {
  local d=sys/module/nvme_core
  attrs "$d/parameters" admin_timeout=60 io_timeout=30 max_retries=5 shutdown_timeout=5 \
    default_ps_max_latency_us=100000 force_apst=N multipath=Y iopolicy=numa "$@"
  w "$d/initstate" live
  w "$d/refcnt" 3
}
# nvme_ns NAME NSID WWID [attr=value ...]   (namespace attributes)
nvme_ns() {
  local d=${DP[$1]}; shift
  attrs "$d" nsid="$1" wwid="$2"; shift 2
  attrs "$d" "$@"
}

# --------------------------------------------------------------------- udev
# udevdb MAJ:MIN   (stdin: S: and E: lines) -> run/udev/data/bMAJ:MIN
udevdb() {
  local in; in=$(cat)
  UDEV_I=$((UDEV_I + 1))
  {
    grep '^S:' <<<"$in" || true
    echo "I:$((UDEV_BASE + UDEV_I * 2713))"
    grep '^E:' <<<"$in" || true
    printf 'G:systemd\nQ:systemd\nV:1\n'
  } | wcat "run/udev/data/b$1"
}

# ------------------------------------------------------------------- procfs
write_diskstats() { printf '%s\n' "${DISKSTATS[@]}" | wcat proc/diskstats; }

# mountinfo from stdin; also derives proc/self/mounts and proc/mounts link
write_mountinfo() {
  wcat proc/self/mountinfo
  awk '{
    for (i = 7; $i != "-"; i++) ;
    fst = $(i + 1); src = $(i + 2); sup = $(i + 3)
    sub(/^r[wo],?/, "", sup)
    opts = $6; if (sup != "") opts = opts "," sup
    print src, $5, fst, opts, 0, 0
  }' "$R/proc/self/mountinfo" | wcat proc/self/mounts
  lnk proc/self/mounts proc/mounts
}

# swaps: swapfile lines "PATH SIZE_KB USED_KB PRIO"
write_swaps() {
  {
    if ((K >= 506)); then
      printf 'Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n'
    else
      printf 'Filename\t\t\t\tType\t\tSize\tUsed\tPriority\n'
    fi
    local p s u pr
    while read -r p s u pr; do
      [[ -z $p ]] && continue
      if ((K >= 506)); then
        local pad=$((40 - ${#p})); ((pad < 1)) && pad=1
        local t1="" t2=""
        if ((s < 10000000)); then t1=$'\t'; fi
        if ((u < 10000000)); then t2=$'\t'; fi
        printf '%s%*s%s\t%s\t%s%s\t%s%s\n' "$p" "$pad" " " partition "$s" "$t1" "$u" "$t2" "$pr"
      else
        printf '%-40s%s\t%s\t%s\t%s\n' "$p" partition "$s" "$u" "$pr"
      fi
    done
  } | wcat proc/swaps
}

# vm sysctls: key=value ...
write_vm() { attrs proc/sys/vm "$@"; }

# meminfo TOTAL FREE AVAIL BUFFERS CACHED SWAPTOTAL SWAPFREE [DIRECTMAP1G]
write_meminfo() {
  local tot=$1 free=$2 avail=$3 buf=$4 cached=$5 swt=$6 swf=$7 dm1g=${8:-0}
  local anon=$((tot / 23)) shmem=$((tot / 310)) slab=$((tot / 41))
  local srecl=$((slab * 3 / 4)); local sunrecl=$((slab - srecl))
  local actf=$(((cached + buf) * 5 / 11)) inactf=$(((cached + buf) - (cached + buf) * 5 / 11))
  local acta=$((anon / 9)) inacta=$((anon - anon / 9 + shmem))
  local commit=$((tot / 2 + swt)) cas=$((anon * 3 + shmem))
  local dm4k=$((tot / 180)) dm2m=$((tot - tot / 180 - dm1g))
  ((dm2m < 0)) && dm2m=0
  kb() { printf '%-16s%8s kB\n' "$1:" "$2"; }
  nb() { printf '%-16s%8s\n' "$1:" "$2"; }
  {
    kb MemTotal "$tot"; kb MemFree "$free"
    kb MemAvailable "$avail"
    kb Buffers "$buf"; kb Cached "$cached"; kb SwapCached 0
    kb Active $((acta + actf)); kb Inactive $((inacta + inactf))
    kb 'Active(anon)' "$acta"; kb 'Inactive(anon)' "$inacta"
    kb 'Active(file)' "$actf"; kb 'Inactive(file)' "$inactf"
    kb Unevictable 4096; kb Mlocked 4096
    kb SwapTotal "$swt"; kb SwapFree "$swf"
    if ((K >= 519)); then kb Zswap 0; kb Zswapped 0; fi
    kb Dirty 1284; kb Writeback 0; kb AnonPages "$anon"; kb Mapped $((tot / 97))
    kb Shmem "$shmem"
    if ((K >= 420)); then kb KReclaimable "$srecl"; fi
    kb Slab "$slab"; kb SReclaimable "$srecl"; kb SUnreclaim "$sunrecl"
    kb KernelStack $((tot / 2900)); kb PageTables $((tot / 1100))
    if ((K >= 602)); then kb SecPageTables 0; fi
    kb NFS_Unstable 0; kb Bounce 0; kb WritebackTmp 0
    kb CommitLimit "$commit"; kb Committed_AS "$cas"
    kb VmallocTotal 34359738367; kb VmallocUsed $((tot / 600 + 20000))
    if ((K < 403)); then kb VmallocChunk 34325131260; else kb VmallocChunk 0; fi
    if ((K >= 500)); then kb Percpu $((tot / 3000 + 2000)); fi
    if ((K < 618)); then printf 'HardwareCorrupted: %5s kB\n' 0; fi
    kb AnonHugePages $((anon / 5 / 2048 * 2048))
    if ((K >= 500)); then kb ShmemHugePages 0; kb ShmemPmdMapped 0; fi
    if ((K >= 508)); then kb FileHugePages 0; kb FilePmdMapped 0; fi
    if ((K >= 500 && K < 618)); then kb CmaTotal 0; kb CmaFree 0; fi
    if ((K >= 605 && K < 618)); then kb Unaccepted 0; fi
    if ((K >= 618)); then kb Balloon 0; fi
    nb HugePages_Total 0; nb HugePages_Free 0; nb HugePages_Rsvd 0; nb HugePages_Surp 0
    kb Hugepagesize 2048
    if ((K >= 500)); then kb Hugetlb 0; fi
    kb DirectMap4k "$dm4k"; kb DirectMap2M "$dm2m"
    if ((dm1g > 0)); then kb DirectMap1G "$dm1g"; fi
  } | wcat proc/meminfo
}

# cpuinfo N key=value ... (vendor family model name stepping ucode mhz cache
#   cores threads cpuid flags vmxflags bugs bogo addr tlb pm)
write_cpuinfo() {
  local n=$1 kv i; shift
  local -A o=([vmxflags]="" [bugs]="" [tlb]="" [pm]="" [threads]=1)
  for kv; do o[${kv%%=*}]=${kv#*=}; done
  local cores=${o[cores]} thr=${o[threads]}
  {
    for ((i = 0; i < n; i++)); do
      local core=$((i % cores)) apic=$(((i % cores) * thr + i / cores))
      printf 'processor\t: %s\n' "$i"
      printf 'vendor_id\t: %s\n' "${o[vendor]}"
      printf 'cpu family\t: %s\n' "${o[family]}"
      printf 'model\t\t: %s\n' "${o[model]}"
      printf 'model name\t: %s\n' "${o[name]}"
      printf 'stepping\t: %s\n' "${o[stepping]}"
      printf 'microcode\t: %s\n' "${o[ucode]}"
      printf 'cpu MHz\t\t: %s\n' "${o[mhz]}"
      printf 'cache size\t: %s KB\n' "${o[cache]}"
      printf 'physical id\t: 0\n'
      printf 'siblings\t: %s\n' "$n"
      printf 'core id\t\t: %s\n' "$core"
      printf 'cpu cores\t: %s\n' "$cores"
      printf 'apicid\t\t: %s\n' "$apic"
      printf 'initial apicid\t: %s\n' "$apic"
      printf 'fpu\t\t: yes\n'
      printf 'fpu_exception\t: yes\n'
      printf 'cpuid level\t: %s\n' "${o[cpuid]}"
      printf 'wp\t\t: yes\n'
      printf 'flags\t\t: %s\n' "${o[flags]}"
      [[ -n ${o[vmxflags]} ]] && printf 'vmx flags\t: %s\n' "${o[vmxflags]}"
      [[ -n ${o[bugs]} ]] && printf 'bugs\t\t: %s\n' "${o[bugs]}"
      printf 'bogomips\t: %s\n' "${o[bogo]}"
      [[ -n ${o[tlb]} ]] && printf 'TLB size\t: %s\n' "${o[tlb]}"
      printf 'clflush size\t: 64\n'
      printf 'cache_alignment\t: 64\n'
      printf 'address sizes\t: %s\n' "${o[addr]}"
      printf 'power management:%s\n' "${o[pm]:+ ${o[pm]}}"
      printf '\n'
    done
  } | wcat proc/cpuinfo
  local last=$((n - 1))
  attrs sys/devices/system/cpu online="0-$last" possible="0-$last" present="0-$last" \
    offline="" kernel_max=8191
}

# kernel identity: RELEASE "BUILD STRING"
write_kernel() {
  w proc/sys/kernel/osrelease "$1"
  w proc/version "Linux version $1 $2"
}

# GPT helpers: first sector past the last 1 MiB boundary usable by GPT
gpt_end() { echo $(((($1 - 33) / 2048) * 2048)); }

begin_tree() {
  R=$HERE/$1
  K=$2
  rm -rf "$R"
  mkdir -p "$R"
  DP=(); MM=(); QPBS=(); QIOMIN=(); QDGRAN=(); DISKSTATS=(); UDEV_I=0
  BDI_MAXB=0
}
end_tree() {
  write_diskstats
}

# mountinfo lines of the pseudo filesystems a systemd machine has mounted.
# mi_systemd ROOT_MAJMIN ROOT_SRC ROOT_FSTYPE ROOT_MNTOPTS ROOT_SUPEROPTS DEVTMPFS_SRC MEM_KB
mi_systemd() {
  local rmm=$1 rsrc=$2 rfs=$3 rmo=$4 rsup=$5 dsrc=$6 mem=$7
  local devkb=$((mem / 2 / 4 * 4)) runkb=$((mem / 10 / 4 * 4))
  cat <<EOF
22 28 0:21 / /sys rw,nosuid,nodev,noexec,relatime shared:7 - sysfs sysfs rw
23 28 0:22 / /proc rw,nosuid,nodev,noexec,relatime shared:13 - proc proc rw
24 28 0:5 / /dev rw,nosuid,relatime shared:2 - devtmpfs $dsrc rw,size=${devkb}k,nr_inodes=$((devkb / 4)),mode=755,inode64
25 24 0:23 / /dev/pts rw,nosuid,noexec,relatime shared:3 - devpts devpts rw,gid=5,mode=620,ptmxmode=000
26 28 0:24 / /run rw,nosuid,nodev,noexec,relatime shared:5 - tmpfs tmpfs rw,size=${runkb}k,mode=755,inode64
28 1 $rmm / / $rmo shared:1 - $rfs $rsrc $rsup
27 22 0:6 / /sys/kernel/security rw,nosuid,nodev,noexec,relatime shared:8 - securityfs securityfs rw
29 24 0:25 / /dev/shm rw,nosuid,nodev shared:4 - tmpfs tmpfs rw,inode64
30 26 0:26 / /run/lock rw,nosuid,nodev,noexec,relatime shared:6 - tmpfs tmpfs rw,size=5120k,inode64
31 22 0:27 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:9 - cgroup2 cgroup2 rw,nsdelegate,memory_recursiveprot
32 22 0:28 / /sys/fs/pstore rw,nosuid,nodev,noexec,relatime shared:10 - pstore pstore rw
33 22 0:29 / /sys/firmware/efi/efivars rw,nosuid,nodev,noexec,relatime shared:11 - efivarfs efivarfs rw
34 22 0:30 / /sys/fs/bpf rw,nosuid,nodev,noexec,relatime shared:12 - bpf bpf rw,mode=700
35 23 0:31 / /proc/sys/fs/binfmt_misc rw,relatime shared:14 - autofs systemd-1 rw,fd=29,pgrp=1,timeout=0,minproto=5,maxproto=5,direct,pipe_ino=17532
36 24 0:20 / /dev/mqueue rw,nosuid,nodev,noexec,relatime shared:15 - mqueue mqueue rw
37 24 0:32 / /dev/hugepages rw,relatime shared:16 - hugetlbfs hugetlbfs rw,pagesize=2M
38 22 0:7 / /sys/kernel/debug rw,nosuid,nodev,noexec,relatime shared:17 - debugfs debugfs rw
39 22 0:12 / /sys/kernel/tracing rw,nosuid,nodev,noexec,relatime shared:18 - tracefs tracefs rw
40 22 0:33 / /sys/fs/fuse/connections rw,nosuid,nodev,noexec,relatime shared:19 - fusectl fusectl rw
41 22 0:34 / /sys/kernel/config rw,nosuid,nodev,noexec,relatime shared:20 - configfs configfs rw
EOF
}

# common NVMe namespace queue (blk-mq, no volatile write cache by default)
q_nvme() {
  qdef
  qset mode=mq rot=0 nr=1023 tags=1023 ra=128 maxkb=1280 maxhwkb=2048 lbs=512 pbs=512 \
    minio=512 wc="write through" fua=0 dgran=512 dmax=2199023255040 \
    dmaxhw=2199023255040 dsegs=256 segs=127 segsz=4294967295 virtb=4095 \
    dmaalign=3 wbt=2000 timeout=30000 "$@"
}
# common libata disk queue (ahci: one hw queue, 32 tags, 168 SG entries)
q_ata() {
  qdef
  qset mode=mq nr=64 tags=32 ra=128 maxkb=1280 maxhwkb=32767 segs=168 segsz=65536 \
    dmaalign=3 timeout=30000 wc="write back" fua=0 "$@"
}

# ------------------------------------------------------------ more helpers
# udev_fs_part_lines ARRAY  the ID_FS_* and ID_PART_ENTRY_* lines udev's
#   blkid builtin writes, from the caller's option array (fstype fsuuid fsver
#   usage label fssub; part partuuid ptype start size disk pname)
udev_fs_part_lines() {
  local -n u=$1
  if [[ -n ${u[fstype]} ]]; then
    [[ -n ${u[label]} ]] && echo "E:ID_FS_LABEL=${u[label]}" && echo "E:ID_FS_LABEL_ENC=${u[label]}"
    echo "E:ID_FS_UUID=${u[fsuuid]}"
    echo "E:ID_FS_UUID_ENC=${u[fsuuid]}"
    [[ -n ${u[fssub]:-} ]] && echo "E:ID_FS_UUID_SUB=${u[fssub]}" && echo "E:ID_FS_UUID_SUB_ENC=${u[fssub]}"
    echo "E:ID_FS_VERSION=${u[fsver]}"
    echo "E:ID_FS_TYPE=${u[fstype]}"
    echo "E:ID_FS_USAGE=${u[usage]}"
  fi
  if [[ -n ${u[part]} ]]; then
    echo "E:ID_PART_ENTRY_SCHEME=gpt"
    [[ -n ${u[pname]} ]] && echo "E:ID_PART_ENTRY_NAME=${u[pname]}"
    echo "E:ID_PART_ENTRY_UUID=${u[partuuid]}"
    echo "E:ID_PART_ENTRY_TYPE=${u[ptype]}"
    echo "E:ID_PART_ENTRY_NUMBER=${u[part]}"
    echo "E:ID_PART_ENTRY_OFFSET=${u[start]}"
    echo "E:ID_PART_ENTRY_SIZE=${u[size]}"
    echo "E:ID_PART_ENTRY_DISK=${u[disk]}"
  fi
  true
}

# udev_ata MAJ:MIN key=value ...  udev database entry of an ATA disk or of a
# partition on it (part= set).  keys: model serial fw wwn port seq rpm pt
#   part partuuid ptype start size disk fstype fsuuid fsver usage label pname
#   fssub extra (extra: additional lines, '|' separated)
udev_ata() {
  local mm=$1 kv; shift
  local -A o=([rpm]=0 [part]="" [label]="" [pname]="" [fssub]="" [extra]="" [fstype]="" [pt]=""
              [wwn]="")
  for kv; do o[${kv%%=*}]=${kv#*=}; done
  local id=${o[model]// /_} sfx="" port=${o[port]}
  local tag=${port//[:.]/_}_0
  [[ -n ${o[part]} ]] && sfx=-part${o[part]}
  {
    echo "S:disk/by-id/ata-${id}_${o[serial]}$sfx"
    [[ -n ${o[wwn]} ]] && echo "S:disk/by-id/wwn-${o[wwn]}$sfx"
    echo "S:disk/by-path/$port.0$sfx"
    echo "S:disk/by-path/$port$sfx"
    if [[ -n ${o[part]} ]]; then
      echo "S:disk/by-diskseq/${o[seq]}$sfx"
      echo "S:disk/by-partuuid/${o[partuuid]}"
      [[ -n ${o[pname]} ]] && echo "S:disk/by-partlabel/${o[pname]}"
      [[ -n ${o[fstype]} && ${o[usage]} != raid ]] && echo "S:disk/by-uuid/${o[fsuuid]}"
      [[ -n ${o[label]} && ${o[usage]} != raid ]] && echo "S:disk/by-label/${o[label]}"
    else
      echo "S:disk/by-diskseq/${o[seq]}"
    fi
    echo "E:ID_ATA=1"
    echo "E:ID_TYPE=disk"
    echo "E:ID_BUS=ata"
    echo "E:ID_MODEL=$id"
    if [[ -z ${o[part]} ]]; then
      echo "E:ID_MODEL_ENC=$(printf '%-40s' "${o[model]}" | sed 's/ /\\x20/g')"
    fi
    echo "E:ID_REVISION=${o[fw]}"
    echo "E:ID_SERIAL=${id}_${o[serial]}"
    echo "E:ID_SERIAL_SHORT=${o[serial]}"
    if [[ -z ${o[part]} ]]; then
      echo "E:ID_ATA_WRITE_CACHE=1"
      echo "E:ID_ATA_WRITE_CACHE_ENABLED=1"
      echo "E:ID_ATA_FEATURE_SET_SMART=1"
      echo "E:ID_ATA_FEATURE_SET_SMART_ENABLED=1"
      echo "E:ID_ATA_SATA=1"
      echo "E:ID_ATA_SATA_SIGNAL_RATE_GEN2=1"
      echo "E:ID_ATA_SATA_SIGNAL_RATE_GEN1=1"
      echo "E:ID_ATA_ROTATION_RATE_RPM=${o[rpm]}"
    fi
    if [[ -n ${o[wwn]} ]]; then
      echo "E:ID_WWN=${o[wwn]}"
      echo "E:ID_WWN_WITH_EXTENSION=${o[wwn]}"
    fi
    echo "E:ID_PATH=$port.0"
    echo "E:ID_PATH_TAG=$tag"
    [[ -z ${o[part]} ]] && echo "E:ID_PATH_ATA_COMPAT=$port"
    if [[ -n ${o[pt]} ]]; then
      echo "E:ID_PART_TABLE_UUID=${o[pt]}"
      echo "E:ID_PART_TABLE_TYPE=gpt"
    fi
    udev_fs_part_lines o
    echo "E:ID_SCSI=1"
    [[ -n ${o[extra]} ]] && tr '|' '\n' <<<"${o[extra]}"
    true
  } | udevdb "$mm"
}

# mkmd NAME MIN SIZE LEVEL LAYOUT CHUNK COMP_KB SEQ IO MEMBER... [key=value...]
#   members are block device names in slot order; keys: policy extra(raid5)
mkmd() {
  local n=$1 min=$2 size=$3 lvl=$4 lay=$5 chunk=$6 comp=$7 seq=$8 io=$9; shift 9
  local -a members=() ; local kv
  local -A o=([policy]=bitmap [uuid]="")
  for kv; do
    if [[ $kv == *=* ]]; then o[${kv%%=*}]=${kv#*=}; else members+=("$kv"); fi
  done
  local d=sys/devices/virtual/block/$n
  mkdisk "$n" "$d" 9 "$min" "$size" range=1 extrange=256 cap=50 seq="$seq" io="$io" lat=30
  local md=$d/md
  attrs "$md" level="$lvl" layout="$lay" chunk_size="$chunk" raid_disks=${#members[@]} \
    degraded=0 array_state=clean metadata_version=1.2 sync_action=idle \
    component_size="$comp" array_size=default consistency_policy="${o[policy]}" \
    mismatch_cnt=0 resync_start=none reshape_position=none reshape_direction=forwards \
    safe_mode_delay=0.204 sync_completed=none sync_speed=none sync_min=0 sync_max=max \
    sync_speed_min="1000 (system)" sync_speed_max="200000 (system)" \
    max_read_errors=20 suspend_lo=0 suspend_hi=0 fail_last_dev=0
  if ((K >= 600)); then w "$md/uuid" "${o[uuid]}"; fi
  if [[ ${o[policy]} == bitmap ]]; then
    attrs "$md/bitmap" location=+8 chunksize=67108864 metadata=internal time_base=5 \
      backlog=0 max_backlog_used=0 can_clear=false
  fi
  if [[ $lvl == raid5 || $lvl == raid6 ]]; then
    attrs "$md" stripe_cache_size=256 stripe_cache_active=0 preread_bypass_threshold=1 \
      group_thread_cnt=0 skip_copy=0 rmw_level=1 stripe_size=4096 ppl_write_hint=0
  fi
  local i m
  for i in "${!members[@]}"; do
    m=${members[$i]}
    attrs "$md/dev-$m" state=in_sync slot="$i" errors=0 offset=264192 \
      new_offset=264192 size="$comp" recovery_start=none
    wempty "$md/dev-$m/bad_blocks"
    wempty "$md/dev-$m/unacknowledged_bad_blocks"
    if [[ $lvl == raid5 ]]; then attrs "$md/dev-$m" ppl_sector=0 ppl_size=0; fi
    lnk "${DP[$m]}" "$md/dev-$m/block"
    lnk "$md/dev-$m" "$md/rd$i"
    stack "$n" "$m"
  done
}

# udev_nvme MAJ:MIN key=value ...  udev database entry of an NVMe namespace or
# one of its partitions.  keys: model serial fw wwid nsid path seq pt nsidlinks
#   part partuuid ptype start size disk pname fstype fsuuid fsver usage label
#   slinks extra ('|' separated additional S:/E: lines)
udev_nvme() {
  local mm=$1 kv; shift
  local -A o=([part]="" [pname]="" [fstype]="" [label]="" [slinks]="" [extra]=""
              [nsidlinks]=1 [pt]="")
  for kv; do o[${kv%%=*}]=${kv#*=}; done
  local id=${o[model]// /_} sfx="" path=${o[path]}
  [[ -n ${o[part]} ]] && sfx=-part${o[part]}
  {
    [[ -n ${o[slinks]} ]] && tr '|' '\n' <<<"${o[slinks]}"
    echo "S:disk/by-id/nvme-${id}_${o[serial]}$sfx"
    if [[ ${o[nsidlinks]} == 1 ]]; then echo "S:disk/by-id/nvme-${id}_${o[serial]}_${o[nsid]}$sfx"; fi
    echo "S:disk/by-id/nvme-${o[wwid]}$sfx"
    echo "S:disk/by-path/$path$sfx"
    echo "S:disk/by-diskseq/${o[seq]}$sfx"
    if [[ -n ${o[part]} ]]; then
      echo "S:disk/by-partuuid/${o[partuuid]}"
      [[ -n ${o[pname]} ]] && echo "S:disk/by-partlabel/${o[pname]}"
      [[ -n ${o[fstype]} ]] && echo "S:disk/by-uuid/${o[fsuuid]}"
      [[ -n ${o[label]} ]] && echo "S:disk/by-label/${o[label]}"
    fi
    echo "E:ID_SERIAL_SHORT=${o[serial]}"
    echo "E:ID_WWN=${o[wwid]}"
    echo "E:ID_MODEL=${o[model]}"
    echo "E:ID_REVISION=${o[fw]}"
    if [[ ${o[nsidlinks]} == 1 ]]; then echo "E:ID_NSID=${o[nsid]}"; fi
    echo "E:ID_SERIAL=${o[model]}_${o[serial]}"
    echo "E:ID_PATH=$path"
    echo "E:ID_PATH_TAG=${path//[:.]/_}"
    if [[ -n ${o[pt]} ]]; then
      echo "E:ID_PART_TABLE_UUID=${o[pt]}"
      echo "E:ID_PART_TABLE_TYPE=gpt"
    fi
    udev_fs_part_lines o
    [[ -n ${o[extra]} ]] && tr '|' '\n' <<<"${o[extra]}"
    true
  } | udevdb "$mm"
}

# mkdm NAME MIN SIZE DM_NAME DM_UUID SEQ IO
mkdm() {
  local n=$1 min=$2 size=$3 dn=$4 du=$5 seq=$6 io=$7
  local d=sys/devices/virtual/block/$n
  mkdisk "$n" "$d" 253 "$min" "$size" range=1 extrange=1 cap=10 seq="$seq" io="$io" lat=12
  attrs "$d/dm" name="$dn" uuid="$du" suspended=0 use_blk_mq=1 rq_based_seq_io_merge_deadline=0
}

# nvme_fallback_wwid VID SERIAL MODEL NSID: wwid of a namespace without EUI/NGUID/UUID
nvme_fallback_wwid() {
  printf 'nvme.%s-%s-%s-%08x' "$1" "$(hexstr "$2")" "$(hexstr "$3")" "$4"
}
