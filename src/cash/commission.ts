/** Commission is released only for collected money: the base is what was received, never more than the contract. */

export interface CommissionContract {
  id: number;
  ownerId: number;
  amountFen: number;
}
export interface ContractPayment {
  contractId: number;
  receivedAt: number;
  amountFen: number;
}

export interface CommissionLine {
  ownerId: number;
  collectedFen: number;
  contracts: number;
  commissionFen: number;
}

/**
 * Collected fen per owner for payments received in [from, to). Overpayment beyond a contract's amount is not
 * commissionable; refunds (negative payments) reduce the base. `rateBp` gives the commission in basis points.
 */
export function commissionBase(
  contracts: readonly CommissionContract[],
  payments: readonly ContractPayment[],
  from: number,
  to: number,
  rateBp = 0,
): CommissionLine[] {
  const byId = new Map(contracts.map((c) => [c.id, c]));
  const cumulative = new Map<number, number>();
  const lines = new Map<number, { ownerId: number; collectedFen: number; contracts: Set<number> }>();
  for (const p of [...payments].sort((a, b) => a.receivedAt - b.receivedAt)) {
    const c = byId.get(p.contractId);
    if (!c) continue;
    const before = cumulative.get(c.id) ?? 0;
    const after = before + p.amountFen;
    cumulative.set(c.id, after);
    if (p.receivedAt < from || p.receivedAt >= to) continue;
    const counted = Math.min(c.amountFen, Math.max(0, after)) - Math.min(c.amountFen, Math.max(0, before));
    if (counted === 0) continue;
    let l = lines.get(c.ownerId);
    if (!l) {
      l = { ownerId: c.ownerId, collectedFen: 0, contracts: new Set() };
      lines.set(c.ownerId, l);
    }
    l.collectedFen += counted;
    l.contracts.add(c.id);
  }
  return [...lines.values()]
    .sort((a, b) => a.ownerId - b.ownerId)
    .map((l) => ({
      ownerId: l.ownerId,
      collectedFen: l.collectedFen,
      contracts: l.contracts.size,
      commissionFen: Math.round((l.collectedFen * rateBp) / 10_000),
    }));
}
