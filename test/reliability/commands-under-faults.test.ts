// Issue 9, item 7: every command, spawned as a real process as CI runs it, against every fault
// (the table is test/helpers/fault-matrix.ts; the slow-answer row is in slow-answers.test.ts).
// Each cell checks the exit code, the error line (resource, attempts, errcode), the lock
// released, no journal left, and the state file against the live state read over /_sim/.
import { cellsOf, describeCells, FAULTS } from '../helpers/fault-matrix';

describeCells('fault x command', cellsOf(FAULTS), 6);
