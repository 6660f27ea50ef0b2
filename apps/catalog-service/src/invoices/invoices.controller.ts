import type { Invoice } from '@concord/model';
import {
  Body,
  Controller,
  Delete,
  Get,
  Headers,
  Param,
  Patch,
  Post,
  Query,
  Res,
} from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';

import { CurrentPrincipal } from '../auth/auth.decorators';
import type { ApiKeyPrincipal } from '../auth/principal';
import { parseIfMatch, requireIfMatch } from '../records/if-match';
import {
  ApiCreate,
  ApiRecordAuth,
  ApiVersionedChange,
  IdempotentWrite,
} from '../records/record-api.decorators';
import type { RecordPage } from '../records/record-list';
import { RecordGetQueryDto } from '../records/record-list-query.dto';
import { describeRecordResponse } from '../records/record-response';
import { UuidParamPipe } from '../records/uuid-param.pipe';
import { CreateInvoiceDto, InvoiceListQueryDto, UpdateInvoiceDto } from './invoice.dto';
import { InvoicesService } from './invoices.service';

@ApiTags('invoices')
@ApiRecordAuth()
@Controller('v1/invoices')
export class InvoicesController {
  constructor(private readonly invoices: InvoicesService) {}

  @Post()
  @IdempotentWrite()
  @ApiCreate()
  async create(
    @CurrentPrincipal() principal: ApiKeyPrincipal,
    @Body() dto: CreateInvoiceDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<Invoice> {
    const record = await this.invoices.create(principal.tenantId, dto);
    describeRecordResponse(res, record, 201);
    return record;
  }

  @Get()
  @ApiOkResponse({ description: '{ data: Invoice[], nextCursor }' })
  list(
    @CurrentPrincipal() principal: ApiKeyPrincipal,
    @Query() query: InvoiceListQueryDto,
  ): Promise<RecordPage<Invoice>> {
    return this.invoices.list(principal.tenantId, query);
  }

  @Get(':id')
  async get(
    @CurrentPrincipal() principal: ApiKeyPrincipal,
    @Param('id', UuidParamPipe) id: string,
    @Query() query: RecordGetQueryDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<Invoice> {
    const record = await this.invoices.get(principal.tenantId, id, query.includeDeleted);
    describeRecordResponse(res, record);
    return record;
  }

  @Patch(':id')
  @IdempotentWrite()
  @ApiVersionedChange(true)
  async update(
    @CurrentPrincipal() principal: ApiKeyPrincipal,
    @Param('id', UuidParamPipe) id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body() dto: UpdateInvoiceDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<Invoice> {
    const version = requireIfMatch(ifMatch);
    const record = await this.invoices.update(principal.tenantId, id, version, dto);
    describeRecordResponse(res, record);
    return record;
  }

  @Delete(':id')
  @IdempotentWrite()
  @ApiVersionedChange(false)
  async remove(
    @CurrentPrincipal() principal: ApiKeyPrincipal,
    @Param('id', UuidParamPipe) id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<Invoice> {
    const record = await this.invoices.remove(principal.tenantId, id, parseIfMatch(ifMatch));
    describeRecordResponse(res, record);
    return record;
  }
}
