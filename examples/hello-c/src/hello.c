/*
 * The smallest Lamport program in C: logs a greeting.
 *
 *     $ cargo lamport build examples/hello-c
 *     $ cargo lamport run target/deploy/hello_c.so
 *     Program log: Hello, Lamport!
 */
#include <lamport.h>

uint64_t entrypoint(const uint8_t *input) {
  (void)input;
  sol_log("Hello, Lamport!");
  return SUCCESS;
}
