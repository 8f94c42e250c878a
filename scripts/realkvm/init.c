/*
 * /init of the real-KVM test initramfs: mounts devtmpfs, proc, sysfs and a tmpfs on /tmp, runs
 * `node /opt/kvmdbg/guest-main.mjs` with the console as stdio, prints its exit status and powers the
 * machine off. Built static for aarch64 by test/realkvm/build.ts.
 */
#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static void mnt(const char *src, const char *dst, const char *type)
{
    mkdir(dst, 0755);
    if (mount(src, dst, type, 0, NULL) != 0 && errno != EBUSY)
        fprintf(stderr, "init: mount %s on %s: %s\n", type, dst, strerror(errno));
}

/* Bring the loopback interface up, for the GDB stub test (127.0.0.1). */
static void loopback_up(void)
{
    struct ifreq ifr;
    int s = socket(AF_INET, SOCK_DGRAM, 0);
    if (s < 0) return;
    memset(&ifr, 0, sizeof ifr);
    strcpy(ifr.ifr_name, "lo");
    if (ioctl(s, SIOCGIFFLAGS, &ifr) == 0) {
        ifr.ifr_flags |= IFF_UP;
        if (ioctl(s, SIOCSIFFLAGS, &ifr) != 0) perror("init: lo up");
    }
    close(s);
}

int main(void)
{
    mnt("devtmpfs", "/dev", "devtmpfs");
    mnt("proc", "/proc", "proc");
    mnt("sysfs", "/sys", "sysfs");
    mnt("tmpfs", "/tmp", "tmpfs");
    loopback_up();
    setenv("PATH", "/usr/bin:/bin", 1);
    setenv("HOME", "/tmp", 1);
    printf("RKT-INIT start\n");
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        if (chdir("/opt/kvmdbg") != 0) perror("init: chdir");
        char *argv[] = { "node", "/opt/kvmdbg/guest-main.mjs", NULL };
        execv("/usr/bin/node", argv);
        perror("init: execv /usr/bin/node");
        _exit(127);
    }
    int status = 0;
    if (pid < 0 || waitpid(pid, &status, 0) < 0) perror("init: fork/wait");
    printf("RKT-INIT exit %d\n", WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
    fflush(stdout);
    sync();
    reboot(RB_POWER_OFF);
    return 0;
}
