import { isContractProcedure, oc, type AnyContractProcedure } from '@orpc/contract'
import { describe, expect, it } from 'vitest'
import * as z from 'zod'
import { ErrorCode } from '../errors'
import { contract, FEATURE_DESCRIPTIONS } from './index'
import { documented, OPERATION_DOCS_EXTENSION } from './operation-docs'

/** Every operation of the contract with its dotted name. */
function operations(router: object, prefix = ''): [string, AnyContractProcedure][] {
  return Object.entries(router).flatMap(([key, value]: [string, unknown]) =>
    isContractProcedure(value)
      ? [[`${prefix}${key}`, value] as [string, AnyContractProcedure]]
      : operations(value as object, `${prefix}${key}.`),
  )
}

/** What `documented()` attached for the generator, as the generator will read it. */
function docsOf(procedure: AnyContractProcedure): unknown {
  const spec = procedure['~orpc'].route.spec
  return typeof spec === 'function' ? (spec({}) as Record<string, unknown>)[OPERATION_DOCS_EXTENSION] : undefined
}

describe('every contract operation documents itself', () => {
  const all = operations(contract)

  it('finds the whole contract', () => {
    expect(all.length).toBeGreaterThanOrEqual(48)
  })

  it.each(all)('%s has a summary, a description, and its errors and session use (built with documented())', (name, procedure) => {
    const { summary, description } = procedure['~orpc'].route
    expect(summary?.trim(), `${name}: summary`).toBeTruthy()
    expect(summary!.length, `${name}: a summary is a few words`).toBeLessThanOrEqual(60)
    expect(summary, `${name}: a summary is a title, without a full stop`).not.toMatch(/\.$/)
    expect(description?.trim(), `${name}: description`).toBeTruthy()
    expect(description, `${name}: the description says more than the summary`).not.toBe(summary)
    const docs = docsOf(procedure) as { errors: string[]; session: string } | undefined
    expect(docs, `${name}: start it with documented({ summary, description, errors })`).toBeDefined()
    for (const code of docs!.errors) expect(Object.values(ErrorCode)).toContain(code)
  })

  it('every feature key has a tag description', () => {
    expect(Object.keys(FEATURE_DESCRIPTIONS).sort()).toEqual(Object.keys(contract).sort())
  })

  it('tells an operation built with documented() from one built with plain oc', () => {
    expect(docsOf(oc.input(z.void()).output(z.void()))).toBeUndefined()
    expect(
      docsOf(
        documented({ summary: 'S', description: 'D', errors: ['NOT_FOUND'] })
          .input(z.void())
          .output(z.void()),
      ),
    ).toEqual({
      errors: ['NOT_FOUND'],
      session: 'required',
    })
  })
})
