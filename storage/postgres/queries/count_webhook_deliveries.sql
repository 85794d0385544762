-- Pending and dead deliveries (each count reads its partial index).
SELECT (SELECT count(*) FROM webhook_deliveries WHERE state = 'pending'),
       (SELECT count(*) FROM webhook_deliveries WHERE state = 'dead')
