/* embed.c - turn files into C arrays at build time, so the library carries
 * its schemas and default rules and needs no install path to find them.
 * Usage: embed SYMBOL FILE [SYMBOL FILE ...] > out.c
 */
#include <stdio.h>

static int embed_one(const char *symbol, const char *path)
{
    FILE *in = fopen(path, "rb");
    if (!in) {
        perror(path);
        return 1;
    }
    printf("const unsigned char %s[] = {", symbol);
    size_t n = 0;
    int c;
    while ((c = getc(in)) != EOF)
        printf("%s0x%02x,", n++ % 16 ? "" : "\n", c);
    printf("0x00\n};\nconst unsigned long %s_len = %zuUL;\n", symbol, n);
    int bad = ferror(in);
    fclose(in);
    return bad;
}

int main(int argc, char **argv)
{
    if (argc < 3 || argc % 2 == 0) {
        fprintf(stderr, "usage: embed SYMBOL FILE [SYMBOL FILE ...]\n");
        return 2;
    }
    for (int i = 1; i + 1 < argc; i += 2)
        if (embed_one(argv[i], argv[i + 1]))
            return 1;
    return fflush(stdout) == 0 ? 0 : 1;
}
