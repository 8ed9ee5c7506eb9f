import { Table, TableBody, TableCell, TableContainer, TableHead, TableRow, type TableProps } from '@mui/material';
import type { ReactNode } from 'react';

/** A small table of lines (items of a request, shipment or order): header texts and rows of cells. */
export function Lines({ label, head, rows, ...rest }: { label: string; head: ReactNode[]; rows: { key: string; cells: ReactNode[] }[] } & TableProps) {
  return (
    <TableContainer>
      <Table size="small" aria-label={label} {...rest}>
        <TableHead>
          <TableRow>
            {head.map((h, i) => (
              <TableCell key={i}>{h}</TableCell>
            ))}
          </TableRow>
        </TableHead>
        <TableBody>
          {rows.map((r) => (
            <TableRow key={r.key}>
              {r.cells.map((c, i) => (
                <TableCell key={i}>{c}</TableCell>
              ))}
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
}
