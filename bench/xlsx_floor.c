/* The floor of the monthly workbook: libxlsxwriter alone (constant-memory mode, as tsa-report
 * uses it) writing a Stamps sheet of N rows with the same cells tsa-report writes — a local
 * date-time, the user, the contract, the package, the source and an empty serial — and nothing
 * else. `make bench` builds it and times it beside `tsa-report monthly`.
 * Usage: xlsx_floor N OUT.xlsx */
#include <stdio.h>
#include <stdlib.h>
#include "xlsxwriter.h"

int main(int argc, char **argv) {
  long rows = argc > 1 ? atol(argv[1]) : 1100000;
  lxw_workbook_options options = {.constant_memory = LXW_TRUE};
  lxw_workbook *book = workbook_new_opt(argc > 2 ? argv[2] : "floor.xlsx", &options);
  lxw_worksheet *sheet = workbook_add_worksheet(book, "Stamps");
  lxw_format *when = workbook_add_format(book);
  format_set_num_format(when, "yyyy-mm-dd hh:mm:ss");
  lxw_format *count = workbook_add_format(book);
  format_set_num_format(count, "#,##0");
  char user[16];
  for (long i = 0; i < rows; i++) {
    long second = 2 * i;
    lxw_datetime t = {2026, 10, 1 + (int)(second / 86400), (int)(second / 3600 % 24),
                      (int)(second / 60 % 60), (double)(second % 60)};
    snprintf(user, sizeof user, "user%03ld", (i * 7919) % 300);
    lxw_row_t row = (lxw_row_t)(i + 5);
    worksheet_write_datetime(sheet, row, 0, &t, when);
    worksheet_write_string(sheet, row, 1, user, NULL);
    worksheet_write_string(sheet, row, 2, "F2112000371", NULL);
    worksheet_write_number(sheet, row, 3, 1, count);
    worksheet_write_string(sheet, row, 4, "bench", NULL);
    worksheet_write_blank(sheet, row, 5, NULL);
  }
  return workbook_close(book) == LXW_NO_ERROR ? 0 : 1;
}
