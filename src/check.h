/* check.h - completeness findings computed on the model. */
#ifndef POA_CHECK_H
#define POA_CHECK_H

#include "model.h"

/** Compute the completeness findings of REPORT and append them to
 *  report->findings (existing findings are removed first). */
void check_report(poa_report *report);

#endif /* POA_CHECK_H */
