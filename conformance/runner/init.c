/*
 * kvmdbg conformance runner: the static /init of a tiny initramfs, booted on a stock Debian arm64
 * kernel under qemu-system-aarch64 with EL2. It replays /program.txt (generated from the scenario
 * JSON files by conformance/build/program.ts) against the real /dev/kvm and prints one
 * `REC <index> <rc> <errno> <payload>` line per recorded operation on the console; the TypeScript
 * side decodes those lines. Then, if the image carries it, the Node runner replays the same program
 * through kvmdbg's koffi backend (run_node), and the machine powers off.
 *
 * Program lines (numbers in hex, no 0x):
 *   v                         new VM: KVM_CREATE_VM(0), KVM_CREATE_VCPU(0), mmap kvm_run
 *   m GPA SIZE                memory slot 0 backed by anonymous memory
 *   w OFF BYTES               copy bytes (hex string) into guest memory at OFF
 *   i IDX FEAT0               KVM_ARM_PREFERRED_TARGET + KVM_ARM_VCPU_INIT (features[0] = FEAT0) → payload target
 *   g IDX CONTROL N (K V)*N   KVM_SET_GUEST_DEBUG; K indexes the 64 u64 of kvm_guest_debug_arch
 *   s IDX ID VALUE            KVM_SET_ONE_REG (64-bit)
 *   r IDX ID                  KVM_GET_ONE_REG (64-bit) → payload value
 *   p OFF BYTES               write bytes into kvm_run at OFF (poisoning, immediate_exit)
 *   x IDX MS                  KVM_RUN, with a one-shot SIGALRM after MS ms when MS > 0 → payload kvm_run[0..56)
 *   c IDX CAP                 KVM_CHECK_EXTENSION on the VM fd
 *   d IDX OFF LEN             guest memory bytes → payload
 *   C IDX ID                  KVM_CREATE_VCPU of another vCPU and mmap of its kvm_run; rc 0 on success (the fd
 *                             is not recorded); it becomes vCPU 1, 2, … for V
 *   V N                       later vCPU lines (i g s r p x M N) act on vCPU N (0: the VM's first; v resets to 0)
 *   M IDX                     KVM_GET_MP_STATE → payload the state
 *   N IDX STATE               KVM_SET_MP_STATE
 *   D IDX TYPE FLAGS          KVM_CREATE_DEVICE; the new fd is the device of later A lines
 *   A IDX K SIZE GRP ATTR VAL KVM_SET (K=s), GET (g) or HAS (h) _DEVICE_ATTR on the device; the value is
 *                             SIZE (4 or 8) bytes holding VAL before the call → payload: the value after (g)
 *   B IDX K SIZE GRP ATTR VAL the same on the selected vCPU's fd (vCPU attributes: timer PPIs, PMU)
 *   L IDX IRQ LEVEL           KVM_IRQ_LINE
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/kvm.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <sys/reboot.h>
#include <sys/time.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#define RUN_RECORD_BYTES 56
#define MAX_VCPUS 8

static int kvm = -1, vm = -1, vcpu = -1, device = -1;
static uint8_t *run, *mem;
static size_t run_size, mem_size;
/* Every vCPU of the VM in creation order, and its kvm_run; vcpu/run are the selected one. */
static int vcpus[MAX_VCPUS];
static uint8_t *runs[MAX_VCPUS];
static int nvcpus;

static void on_alarm(int sig) { (void)sig; }

static double uptime(void) {
  struct timespec ts;
  clock_gettime(CLOCK_BOOTTIME, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void hex(const uint8_t *p, size_t n) {
  for (size_t i = 0; i < n; i++) printf("%02x", p[i]);
}

static void rec_begin(unsigned long idx, long rc) {
  printf("REC %lu %ld %d ", idx, rc, rc < 0 ? errno : 0);
}

static uint64_t num(char **s) { return strtoull(*s, s, 16); }

/* Parses a hex byte string after leading blanks into dst (bounded by room). Returns the count. */
static size_t bytes(char **s, uint8_t *dst, size_t room) {
  char *p = *s;
  size_t n = 0;
  while (*p == ' ') p++;
  while (p[0] && p[1] && p[0] != '\n' && n < room) {
    char b[3] = {p[0], p[1], 0};
    dst[n++] = (uint8_t)strtoul(b, NULL, 16);
    p += 2;
  }
  *s = p;
  return n;
}

static void fail(const char *what) {
  printf("FATAL %s errno %d\n", what, errno);
  fflush(stdout);
  reboot(RB_POWER_OFF);
  _exit(1);
}

static void new_vm(void) {
  for (int i = 0; i < nvcpus; i++) { munmap(runs[i], run_size); close(vcpus[i]); }
  nvcpus = 0;
  if (mem) munmap(mem, mem_size);
  if (device >= 0) close(device);
  if (vm >= 0) close(vm);
  mem = NULL;
  device = -1;
  vm = ioctl(kvm, KVM_CREATE_VM, 0UL);
  if (vm < 0) fail("KVM_CREATE_VM");
  vcpu = ioctl(vm, KVM_CREATE_VCPU, 0UL);
  if (vcpu < 0) fail("KVM_CREATE_VCPU");
  run_size = (size_t)ioctl(kvm, KVM_GET_VCPU_MMAP_SIZE, 0UL);
  run = mmap(NULL, run_size, PROT_READ | PROT_WRITE, MAP_SHARED, vcpu, 0);
  if (run == MAP_FAILED) fail("mmap kvm_run");
  vcpus[0] = vcpu;
  runs[0] = run;
  nvcpus = 1;
}

static void step(char *line) {
  char op = line[0];
  char *s = line + 1;
  static uint8_t buf[4096];
  unsigned long idx;
  long rc;
  switch (op) {
  case 'v':
    new_vm();
    break;
  case 'm': {
    uint64_t gpa = num(&s);
    mem_size = num(&s);
    mem = mmap(NULL, mem_size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (mem == MAP_FAILED) fail("mmap guest memory");
    struct kvm_userspace_memory_region r = {
        .slot = 0, .guest_phys_addr = gpa, .memory_size = mem_size, .userspace_addr = (uintptr_t)mem};
    if (ioctl(vm, KVM_SET_USER_MEMORY_REGION, &r) < 0) fail("KVM_SET_USER_MEMORY_REGION");
    break;
  }
  case 'w': {
    uint64_t off = num(&s);
    size_t n = bytes(&s, buf, sizeof buf);
    if (off + n > mem_size) fail("guest write out of range");
    memcpy(mem + off, buf, n);
    break;
  }
  case 'p': {
    uint64_t off = num(&s);
    size_t n = bytes(&s, buf, sizeof buf);
    if (off + n > run_size) fail("kvm_run write out of range");
    memcpy(run + off, buf, n);
    break;
  }
  case 'i': {
    idx = num(&s);
    struct kvm_vcpu_init init;
    memset(&init, 0, sizeof init);
    if (ioctl(vm, KVM_ARM_PREFERRED_TARGET, &init) < 0) fail("KVM_ARM_PREFERRED_TARGET");
    init.features[0] = (uint32_t)num(&s);
    rc = ioctl(vcpu, KVM_ARM_VCPU_INIT, &init);
    rec_begin(idx, rc);
    printf("%x\n", init.target);
    break;
  }
  case 'g': {
    idx = num(&s);
    struct kvm_guest_debug dbg;
    memset(&dbg, 0, sizeof dbg);
    dbg.control = (uint32_t)num(&s);
    uint64_t *arch = (uint64_t *)&dbg.arch;
    for (uint64_t n = num(&s); n > 0; n--) {
      uint64_t k = num(&s);
      uint64_t v = num(&s);
      if (k >= sizeof dbg.arch / 8) fail("guest debug register index");
      arch[k] = v;
    }
    rc = ioctl(vcpu, KVM_SET_GUEST_DEBUG, &dbg);
    rec_begin(idx, rc);
    printf("-\n");
    break;
  }
  case 's': {
    idx = num(&s);
    uint64_t id = num(&s), value = num(&s);
    struct kvm_one_reg r = {.id = id, .addr = (uintptr_t)&value};
    rc = ioctl(vcpu, KVM_SET_ONE_REG, &r);
    rec_begin(idx, rc);
    printf("-\n");
    break;
  }
  case 'r': {
    idx = num(&s);
    uint64_t id = num(&s), value = 0;
    struct kvm_one_reg r = {.id = id, .addr = (uintptr_t)&value};
    rc = ioctl(vcpu, KVM_GET_ONE_REG, &r);
    rec_begin(idx, rc);
    printf("%llx\n", (unsigned long long)value);
    break;
  }
  case 'x': {
    idx = num(&s);
    uint64_t ms = num(&s);
    struct itimerval t = {{0, 0}, {(time_t)(ms / 1000), (suseconds_t)(ms % 1000) * 1000}};
    struct itimerval off = {{0, 0}, {0, 0}};
    if (ms) setitimer(ITIMER_REAL, &t, NULL);
    rc = ioctl(vcpu, KVM_RUN, 0UL);
    int saved = errno;
    if (ms) setitimer(ITIMER_REAL, &off, NULL);
    errno = saved;
    rec_begin(idx, rc);
    hex(run, RUN_RECORD_BYTES);
    printf("\n");
    break;
  }
  case 'c': {
    idx = num(&s);
    rc = ioctl(vm, KVM_CHECK_EXTENSION, (unsigned long)num(&s));
    rec_begin(idx, rc);
    printf("-\n");
    break;
  }
  case 'd': {
    idx = num(&s);
    uint64_t off = num(&s), len = num(&s);
    if (off + len > mem_size) fail("guest dump out of range");
    rec_begin(idx, 0);
    hex(mem + off, len);
    printf("\n");
    break;
  }
  case 'C': {
    idx = num(&s);
    rc = ioctl(vm, KVM_CREATE_VCPU, (unsigned long)num(&s));
    int saved = errno;
    if (rc >= 0) {
      if (nvcpus == MAX_VCPUS) fail("too many vCPUs");
      runs[nvcpus] = mmap(NULL, run_size, PROT_READ | PROT_WRITE, MAP_SHARED, (int)rc, 0);
      if (runs[nvcpus] == MAP_FAILED) fail("mmap kvm_run");
      vcpus[nvcpus++] = (int)rc;
    }
    errno = saved;
    rec_begin(idx, rc < 0 ? rc : 0); /* the fd number is not compared */
    printf("-\n");
    break;
  }
  case 'V': {
    uint64_t n = num(&s);
    if (n >= (uint64_t)nvcpus) fail("V: no such vCPU");
    vcpu = vcpus[n];
    run = runs[n];
    break;
  }
  case 'M': {
    idx = num(&s);
    struct kvm_mp_state mp = {.mp_state = 0};
    rc = ioctl(vcpu, KVM_GET_MP_STATE, &mp);
    rec_begin(idx, rc);
    printf("%x\n", mp.mp_state);
    break;
  }
  case 'N': {
    idx = num(&s);
    struct kvm_mp_state mp = {.mp_state = (uint32_t)num(&s)};
    rc = ioctl(vcpu, KVM_SET_MP_STATE, &mp);
    rec_begin(idx, rc);
    printf("-\n");
    break;
  }
  case 'D': {
    idx = num(&s);
    struct kvm_create_device cd = {.type = (uint32_t)num(&s)};
    cd.flags = (uint32_t)num(&s);
    rc = ioctl(vm, KVM_CREATE_DEVICE, &cd);
    if (rc == 0 && !(cd.flags & KVM_CREATE_DEVICE_TEST)) device = (int)cd.fd;
    rec_begin(idx, rc);
    printf("-\n");
    break;
  }
  case 'A':
  case 'B': {
    int fd = op == 'A' ? device : vcpu;
    idx = num(&s);
    while (*s == ' ') s++;
    char kind = *s++;
    uint64_t size = num(&s);
    struct kvm_device_attr a = {.group = (uint32_t)num(&s)};
    a.attr = num(&s);
    uint64_t v = num(&s);
    uint32_t v32 = (uint32_t)v;
    a.addr = size == 4 ? (uintptr_t)&v32 : (uintptr_t)&v;
    unsigned long req = kind == 's' ? KVM_SET_DEVICE_ATTR : kind == 'g' ? KVM_GET_DEVICE_ATTR : KVM_HAS_DEVICE_ATTR;
    rc = ioctl(fd, req, &a);
    rec_begin(idx, rc);
    if (kind == 'g') printf("%llx\n", (unsigned long long)(size == 4 ? v32 : v));
    else printf("-\n");
    break;
  }
  case 'L': {
    idx = num(&s);
    struct kvm_irq_level l = {.irq = (uint32_t)num(&s)};
    l.level = (uint32_t)num(&s);
    rc = ioctl(vm, KVM_IRQ_LINE, &l);
    rec_begin(idx, rc);
    printf("-\n");
    break;
  }
  default:
    break;
  }
}

/*
 * When the initramfs also carries Node and the TypeScript runner (/opt/kvmdbg/guest.mjs), run it after
 * the C records: it replays the same /program.txt through kvmdbg's real-/dev/kvm backend.
 */
static void run_node(void) {
  static char script[] = "/opt/kvmdbg/guest.mjs";
  if (access(script, R_OK) != 0) return;
  mkdir("/proc", 0555);
  mount("proc", "/proc", "proc", 0, NULL);
  printf("INFO node-start-uptime %.3f\n", uptime());
  fflush(stdout);
  pid_t pid = fork();
  if (pid == 0) {
    char node[] = "/usr/bin/node", path[] = "PATH=/usr/bin:/bin", home[] = "HOME=/";
    char *argv[] = {node, script, NULL};
    char *envp[] = {path, home, NULL};
    execve(node, argv, envp);
    _exit(127);
  }
  int status = 0;
  if (pid > 0) waitpid(pid, &status, 0);
  printf("INFO node-exit %d uptime %.3f\n", status, uptime());
}

int main(void) {
  setvbuf(stdout, NULL, _IOLBF, 0);
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_alarm; /* no SA_RESTART: KVM_RUN returns EINTR */
  sigaction(SIGALRM, &sa, NULL);

  struct utsname u;
  uname(&u);
  printf("INFO init-uptime %.3f\nINFO uname %s %s\n", uptime(), u.release, u.version);

  kvm = open("/dev/kvm", O_RDWR | O_CLOEXEC);
  if (kvm < 0) fail("open /dev/kvm");
  FILE *f = fopen("/program.txt", "r");
  if (!f) fail("open /program.txt");
  static char line[16384];
  while (fgets(line, sizeof line, f)) step(line);
  printf("INFO done-uptime %.3f\n", uptime());
  run_node();
  printf("END\n");
  fflush(stdout);
  sync();
  reboot(RB_POWER_OFF);
  return 0;
}
