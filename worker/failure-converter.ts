/**
 * The failure converter of the worker (activities) and of the workflow bundle (the sandbox): the
 * SDK's default, with every text of the failure made well-formed Unicode. A failure message with a
 * lone surrogate (e.g. quoting a caller's input) would otherwise be encoded as invalid UTF-8, Core
 * could not decode the completion and the worker would shut down. Loaded by path
 * (`failureConverterPath`), so it imports nothing from Node.
 */
import { DefaultFailureConverter, type FailureConverter, type PayloadConverter, type ProtoFailure } from '@temporalio/common';
import { toWellFormedText } from '../workflows/model/well-formed';

const text = (value: string | null | undefined) => (typeof value === 'string' ? toWellFormedText(value) : value);

/** The failure with its message, stack, source and type (and those of its causes) well-formed. */
function wellFormedFailure(failure: ProtoFailure): ProtoFailure {
  const copy: ProtoFailure = { ...failure, message: text(failure.message), stackTrace: text(failure.stackTrace), source: text(failure.source) };
  if (failure.applicationFailureInfo) copy.applicationFailureInfo = { ...failure.applicationFailureInfo, type: text(failure.applicationFailureInfo.type) };
  if (failure.cause) copy.cause = wellFormedFailure(failure.cause);
  return copy;
}

class WellFormedFailureConverter implements FailureConverter {
  private readonly inner = new DefaultFailureConverter();

  errorToFailure(err: unknown, payloadConverter: PayloadConverter): ProtoFailure {
    return wellFormedFailure(this.inner.errorToFailure(err, payloadConverter));
  }

  failureToError(failure: ProtoFailure, payloadConverter: PayloadConverter): Error {
    return this.inner.failureToError(failure, payloadConverter);
  }
}

/** The name the SDK looks for in the module given as `failureConverterPath`. */
export const failureConverter: FailureConverter = new WellFormedFailureConverter();
