/* The BPF side: reads the case and payload from the input buffer, writes
 * the result back into it at OUTPUT_OFFSET. */
#include <lamport.h>

#include "cases.h"

uint64_t entrypoint(const uint8_t *input) {
  uint8_t *buffer = (uint8_t *)input;
  uint32_t id = *(const uint32_t *)buffer;
  uint32_t len = *(const uint32_t *)(buffer + 4);
  if (len > PAYLOAD_MAX) {
    return ERROR_INVALID_INSTRUCTION_DATA;
  }
  uint8_t payload[PAYLOAD_MAX];
  sol_memset(payload, 0, sizeof(payload));
  sol_memcpy(payload, buffer + 8, len);
  uint64_t written = run_case(id, payload, buffer + OUTPUT_OFFSET + 8);
  *(uint64_t *)(buffer + OUTPUT_OFFSET) = written;
  return written == 0 ? ERROR_INVALID_ARGUMENT : SUCCESS;
}
