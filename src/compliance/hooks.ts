/** @module What answering takes from the compliance rules, built one way for the bot and the CLI alike. */
import type { AnswererDeps } from '../core/answer.ts';
import type { Logger } from '../logging/logger.ts';
import type { ComplianceChecker } from './checker.ts';
import { createMayISay } from './may-i-say.ts';

/**
 * The "can I say …?" verdict and the rewrite every generated answer passes through, from one checker.
 *
 * @param logger told when an answer was rewritten (optional: the CLI runs quietly)
 */
export function complianceHooks(
  compliance: ComplianceChecker,
  logger?: Pick<Logger, 'warn'>,
): Required<Pick<AnswererDeps, 'mayISay' | 'makeCompliant'>> {
  return {
    mayISay: createMayISay(compliance),
    makeCompliant: (text) => {
      const result = compliance.rewrite(text);
      if (result.violations.length > 0)
        logger?.warn({ rules: result.violations.map((v) => v.rule) }, 'answer rewritten for compliance');
      return result;
    },
  };
}
