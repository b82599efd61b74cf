import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Access, Consumes } from '@hutong/platform';
import { Type } from 'class-transformer';
import { IsArray, IsInt, IsString, Length, Matches, Min, ValidateNested } from 'class-validator';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CapturedLogs } from '../support/log-capture';
import { createPlatformApp } from '../support/platform-app';

class ItemDto {
  @Matches(/^[A-Z]{2}\d{2}$/)
  code!: string;
}

class CreateThingDto {
  @IsString()
  @Length(1, 20)
  name!: string;

  @IsInt()
  @Min(1)
  count!: number;

  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => ItemDto)
  items!: ItemDto[];
}

class FormDto {
  @IsString()
  grant_type!: string;
}

@Controller('fixture')
class FixtureController {
  @Post('things')
  @Access({ public: true })
  create(@Body() dto: CreateThingDto): CreateThingDto {
    return dto;
  }

  @Post('forms')
  @Access({ public: true })
  @Consumes('application/x-www-form-urlencoded')
  form(@Body() dto: FormDto): FormDto {
    return dto;
  }

  @Get('boom')
  @Access({ public: true })
  boom(): never {
    throw new Error('connection to postgres://admin:hunter2@db failed');
  }

  @Get('slow')
  @Access({ public: true })
  async slow(): Promise<{ done: boolean }> {
    await new Promise((resolve) => setTimeout(resolve, 400));
    return { done: true };
  }

  @Get('persons/:id')
  @Access({ public: true })
  person(@Param('id') id: string): { length: number } {
    return { length: id.length };
  }
}

const PROBLEM_JSON = 'application/problem+json; charset=utf-8';

describe('HTTP pipeline: every bad input gets a problem+json answer', () => {
  let app: NestFastifyApplication;
  let logs: CapturedLogs;
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    ({ app, logs } = await createPlatformApp([FixtureController], { BODY_LIMIT_BYTES: '2048' }));
  });
  afterAll(async () => {
    await app.close();
  });

  it('accepts a valid JSON body', async () => {
    const res = await http()
      .post('/fixture/things')
      .send({ name: 'a', count: 2, items: [{ code: 'AB12' }] })
      .expect(201);
    expect(res.body).toEqual({ name: 'a', count: 2, items: [{ code: 'AB12' }] });
  });

  it('lists every invalid field with its rule, including nested items and unknown properties', async () => {
    const res = await http()
      .post('/fixture/things')
      .send({ name: '', count: 'three', items: [{ code: 'AB12' }, { code: 'bad' }], colour: 'red' })
      .expect(400);
    expect(res.headers['content-type']).toBe(PROBLEM_JSON);
    expect(res.body.type).toBe('/problems/validation-error');
    const violations = res.body.errors.map((e: { field: string; rule: string }) => `${e.field}:${e.rule}`);
    expect(violations).toEqual(
      expect.arrayContaining(['name:isLength', 'count:isInt', 'items[1].code:matches', 'colour:unknown_property']),
    );
    expect(violations).not.toContain('items[0].code:matches');
    expect(res.body.requestId).toBeTruthy();
  });

  it('answers malformed JSON with 400 malformed-body', async () => {
    const res = await http().post('/fixture/things').set('content-type', 'application/json').send('{"name": "a",').expect(400);
    expect(res.headers['content-type']).toBe(PROBLEM_JSON);
    expect(res.body).toMatchObject({ type: '/problems/malformed-body', status: 400, instance: '/fixture/things' });
  });

  it('answers an empty JSON body with 400 malformed-body', async () => {
    const res = await http().post('/fixture/things').set('content-type', 'application/json').send('').expect(400);
    expect(res.body.type).toBe('/problems/malformed-body');
  });

  it('answers a body over the configured limit with 413', async () => {
    const res = await http()
      .post('/fixture/things')
      .send({ name: 'a', count: 1, items: [], pad: 'x'.repeat(4096) })
      .expect(413);
    expect(res.headers['content-type']).toBe(PROBLEM_JSON);
    expect(res.body.type).toBe('/problems/payload-too-large');
  });

  it.each([
    ['text/plain', 'name=a'],
    ['application/xml', '<thing/>'],
    ['application/x-www-form-urlencoded', 'name=a&count=1'],
  ])('answers a %s body on a JSON route with 415', async (contentType, body) => {
    const res = await http().post('/fixture/things').set('content-type', contentType).send(body).expect(415);
    expect(res.headers['content-type']).toBe(PROBLEM_JSON);
    expect(res.body.type).toBe('/problems/unsupported-media-type');
  });

  it('accepts a form only where the route declares it, and refuses JSON there', async () => {
    await http().post('/fixture/forms').type('form').send('grant_type=client_credentials').expect(201);
    const res = await http().post('/fixture/forms').send({ grant_type: 'client_credentials' }).expect(415);
    expect(res.body.detail).toContain('application/x-www-form-urlencoded');
  });

  it('hides internals of an unexpected error behind a 500 with the request id, and logs the cause', async () => {
    const res = await http().get('/fixture/boom').set('X-Request-Id', 'boom-1').expect(500);
    expect(res.headers['content-type']).toBe(PROBLEM_JSON);
    expect(res.body).toMatchObject({ type: '/problems/internal-error', status: 500, requestId: 'boom-1' });
    expect(JSON.stringify(res.body)).not.toMatch(/hunter2|postgres|stack/);
    const logged = logs.parsed().find((l) => l.requestId === 'boom-1' && l.level === 'error');
    expect(JSON.stringify(logged)).toContain('connection to postgres');
  });

  it('never writes a citizen ID from a URL into the logs', async () => {
    await http().get('/fixture/persons/11010519491231002X').set('X-Request-Id', 'mask-1').expect(200);
    const line = logs.parsed().find((l) => l.requestId === 'mask-1' && l.msg === 'request completed');
    expect(line?.path).toBe('/fixture/persons/110105********002X');
    expect(logs.text).not.toContain('11010519491231002X');
  });
});

describe('graceful shutdown', () => {
  it('lets an in-flight request finish while the server closes', async () => {
    const { app } = await createPlatformApp([FixtureController]);
    await app.listen({ port: 0, host: '127.0.0.1' });
    const inFlight = request(app.getHttpServer()).get('/fixture/slow');
    const response = inFlight.then((r) => r);
    await new Promise((resolve) => setTimeout(resolve, 100));
    await app.close();
    const res = await response;
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ done: true });
  });
});
