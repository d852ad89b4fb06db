// Loads JCuda's libJCublas2 HERE, without CUDA, against the shim and a fake libcublas.so.13 (built by
// ./build): proves the version node and every referenced symbol resolve (RTLD_NOW) and that a forwarded
// call reaches libcublas.so.13. With a second argument, calls that stub in a child, which must abort.
#define _GNU_SOURCE
#include <dlfcn.h>
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv) {
    void *jcublas = dlopen(argv[1], RTLD_NOW | RTLD_LOCAL);
    if (!jcublas) {
        fprintf(stderr, "check: %s\n", dlerror());
        return 1;
    }
    if (argc > 2) {
        void (*stub)(void) = (void (*)(void))dlsym(jcublas, argv[2]);
        pid_t child = fork();
        if (child == 0) {
            if (stub) stub();
            _exit(0);
        }
        int status = 0;
        waitpid(child, &status, 0);
        return WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT ? 0 : 1;
    }
    int (*getVersion)(void *, int *) = (int (*)(void *, int *))dlsym(jcublas, "cublasGetVersion_v2");
    int version = 0;
    int status = getVersion ? getVersion((void *)0, &version) : -1;
    if (status != 0 || version != 130001) {
        fprintf(stderr, "check: cublasGetVersion_v2 gave status %d version %d, want 0 and the fake's 130001\n",
                status, version);
        return 1;
    }
    return 0;
}
