/*
 * /init of the real-KVM test initramfs: mounts devtmpfs, proc, sysfs and a tmpfs on /tmp, runs
 * `node /opt/kvmdbg/guest-main.mjs` with the console as stdio, prints its exit status and powers the
 * machine off. Built static for aarch64 by realkvm-test/build.ts.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static void mnt(const char *src, const char *dst, const char *type)
{
    mkdir(dst, 0755);
    if (mount(src, dst, type, 0, NULL) != 0 && errno != EBUSY)
        fprintf(stderr, "init: mount %s on %s: %s\n", type, dst, strerror(errno));
}

int main(void)
{
    mnt("devtmpfs", "/dev", "devtmpfs");
    mnt("proc", "/proc", "proc");
    mnt("sysfs", "/sys", "sysfs");
    mnt("tmpfs", "/tmp", "tmpfs");
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
