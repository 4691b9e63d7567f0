import { MigrationInterface, QueryRunner } from "typeorm";

export class ReferenceData1795269636922 implements MigrationInterface {
    name = 'ReferenceData1795269636922'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "bookings" ("id" integer NOT NULL, "customer_id" integer NOT NULL, "booking_number" text NOT NULL, "status" text NOT NULL, "venue_name" text, "starts_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_bee6805982cc1e248e94ce94957" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_bookings_customer" ON "bookings" ("customer_id") `);
        await queryRunner.query(`CREATE TABLE "orders" ("id" integer NOT NULL, "customer_id" integer NOT NULL, "order_number" text NOT NULL, "vertical" text NOT NULL, "status" text NOT NULL, "total_minor" bigint, "currency" text, "cancellation_reason" text, "cancelled_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_orders_status" CHECK ("status" IN ('pending', 'confirmed', 'preparing', 'shipped', 'out_for_delivery', 'delivered', 'cancelled')), CONSTRAINT "ck_orders_vertical" CHECK ("vertical" IN ('munch', 'mtables', 'shop')), CONSTRAINT "PK_710e2d4957aa5878dfe94e4ac2f" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_orders_customer" ON "orders" ("customer_id") `);
        await queryRunner.query(`CREATE TABLE "rides" ("id" integer NOT NULL, "customer_id" integer NOT NULL, "pickup_location" text NOT NULL, "dropoff_location" text NOT NULL, "status" text NOT NULL, "passenger_ids" integer array NOT NULL DEFAULT '{}', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_ca6f62fc1e999b139c7f28f07fd" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "ix_rides_customer" ON "rides" ("customer_id") `);
        // Written by hand: "rides I was a passenger on" is an array containment query.
        await queryRunner.query(`CREATE INDEX "ix_rides_passengers" ON "rides" USING GIN ("passenger_ids")`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."ix_rides_passengers"`);
        await queryRunner.query(`DROP INDEX "public"."ix_rides_customer"`);
        await queryRunner.query(`DROP TABLE "rides"`);
        await queryRunner.query(`DROP INDEX "public"."ix_orders_customer"`);
        await queryRunner.query(`DROP TABLE "orders"`);
        await queryRunner.query(`DROP INDEX "public"."ix_bookings_customer"`);
        await queryRunner.query(`DROP TABLE "bookings"`);
    }

}
