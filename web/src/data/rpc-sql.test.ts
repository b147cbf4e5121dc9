import { describe, expect, it } from 'vitest'
import { DbError } from './db.ts'
import { buildCallSql, errorField, toDbError, userClaims } from './rpc-sql.ts'

const SAVE = {
  returnsSet: true,
  returnsVoid: false,
  args: [
    { name: 'facility', type: 'jsonb' },
    { name: 'expected_version', type: 'integer' },
    { name: 'reason', type: 'text' },
  ],
  defaults: 2,
  writes: true,
}

describe('buildCallSql', () => {
  it('calls with named, typed parameters the way PostgREST does', () => {
    const { sql, params } = buildCallSql('save_facility', SAVE, {
      facility: { name: '店' },
      expected_version: 3,
    })
    expect(sql).toBe(
      'select * from public.save_facility(facility => $1::jsonb, expected_version => $2::integer)',
    )
    expect(params).toEqual(['{"name":"店"}', '3'])
  })

  it('passes arrays through JSON and nulls as typed nulls; scalar functions return one value', () => {
    const info = {
      returnsSet: false,
      returnsVoid: false,
      args: [
        { name: 'categories', type: 'text[]' },
        { name: 'comment', type: 'text' },
      ],
      defaults: 2,
      writes: true,
    }
    const { sql, params } = buildCallSql('f', info, {
      categories: ['canteen', "o'neil"],
      comment: null,
    })
    expect(sql).toBe(
      'select public.f(categories => array(select jsonb_array_elements_text($1::jsonb))::text[], comment => null::text) as result',
    )
    expect(params).toEqual(['["canteen","o\'neil"]'])
  })

  it('refuses unknown or missing arguments with PostgREST’s PGRST202', () => {
    for (const args of [{}, { facility: {}, colour: 'red' }, { 'facility; drop': 1 }]) {
      expect(() => buildCallSql('save_facility', SAVE, args)).toThrow(
        expect.objectContaining({ code: 'PGRST202' }) as unknown as Error,
      )
    }
  })
})

describe('errors', () => {
  it('finds the field in the API message, the constraint or the column', () => {
    expect(errorField('facility.lon: must be a number between -180 and 180')).toBe('lon')
    expect(errorField('reason: required')).toBe('reason')
    expect(
      errorField(
        'new row for relation "facilities" violates check constraint "facilities_lat_valid"',
      ),
    ).toBe('lat')
    expect(
      errorField(
        'insert or update on table "facilities" violates foreign key constraint "facilities_community_id_fkey"',
      ),
    ).toBe('community_id')
    expect(
      errorField(
        'null value in column "name" of relation "facilities" violates not-null constraint',
      ),
    ).toBe('name')
    expect(errorField('not allowed: only admins may change roles')).toBeNull()
    expect(errorField('anything', { column: 'version' })).toBe('version')
  })

  it('maps PostgreSQL and PostgREST errors to DbError', () => {
    const pg = toDbError({
      code: '23514',
      message: 'violates check constraint "feedback_rating_valid"',
      table: 'feedback',
      detail: 'row',
    })
    expect([pg.code, pg.field, pg.details]).toEqual(['23514', 'rating', 'row'])
    const rest = toDbError({
      code: 'PT409',
      message: 'facility.version: stale',
      details: null,
      hint: 'reload',
    })
    expect(rest).toBeInstanceOf(DbError)
    expect([rest.isConflict, rest.field, rest.details]).toEqual([true, 'version', 'reload'])
    expect(toDbError(new Error('boom')).code).toBe('XX000')
  })

  it('builds Supabase-shaped claims for a user', () => {
    expect(userClaims('u1', 'a@b')).toEqual({
      sub: 'u1',
      email: 'a@b',
      role: 'authenticated',
      aud: 'authenticated',
    })
  })
})
