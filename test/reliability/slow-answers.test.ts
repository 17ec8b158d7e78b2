// Issue 9, item 7, the slow-answer row: one answer per faulted path comes after the client's
// timeout (10 s, fixed: neither the CLI nor the provider can set it), so these cells wait for
// real; they all run at once to keep the file near one timeout long.
import { cellsOf, describeCells, SLOW } from '../helpers/fault-matrix';

describeCells('slow answers', cellsOf([SLOW]), 7);
