/* The native side: reads records `u32 case | u32 len | payload` from stdin
 * until EOF and writes `u64 len | bytes` for each to stdout. With the
 * argument `count`, prints the number of cases instead. */
#include <stdio.h>
#include <string.h>

#include "cases.h"

int main(int argc, char **argv) {
  if (argc > 1 && strcmp(argv[1], "count") == 0) {
    printf("%u\n", case_count());
    return 0;
  }
  uint8_t header[8];
  while (fread(header, 1, sizeof(header), stdin) == sizeof(header)) {
    uint32_t id, len;
    memcpy(&id, header, 4);
    memcpy(&len, header + 4, 4);
    uint8_t payload[PAYLOAD_MAX] = {0};
    if (len > PAYLOAD_MAX || fread(payload, 1, len, stdin) != len) {
      return 2;
    }
    uint8_t out[OUTPUT_MAX];
    uint64_t written = run_case(id, payload, out);
    fwrite(&written, sizeof(written), 1, stdout);
    fwrite(out, 1, written, stdout);
  }
  return 0;
}
