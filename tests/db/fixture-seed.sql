-- Tiny fixture in the shape of the generated supabase/seed.sql (tests only): two
-- neighbouring communities far from any real city, a few facilities, one user per role.
insert into communities (id, code, name, street, district, boundary, area_m2, population, population_elderly, population_infants, households, source, vintage) values
  ('00000000-0000-4000-8000-00000000c0a1', 'TEST-A', '测试甲社区', '测试街道', '测试区', '{"type":"Polygon","coordinates":[[[90.0,10.0],[90.01,10.0],[90.01,10.01],[90.0,10.01],[90.0,10.0]]]}', 1202000, 6000, 1100, 150, 2300, 'test fixture', '2025'),
  ('00000000-0000-4000-8000-00000000c0b2', 'TEST-B', '测试乙社区', '测试街道', '测试区', '{"type":"MultiPolygon","coordinates":[[[[90.01,10.0],[90.02,10.0],[90.02,10.01],[90.01,10.01],[90.01,10.0]],[[90.016,10.006],[90.018,10.006],[90.018,10.008],[90.016,10.008],[90.016,10.006]]]]}', 1150000, 4000, 700, 90, 1500, 'test fixture', '2025');
insert into facilities (id, category, name, address, lon, lat, community_id, status, capacity, hours, phone, operator, inclusive, published, source) values
  ('00000000-0000-4000-8000-0000000f0001', 'canteen', '甲社区长者食堂', '测试路1号', 90.004, 10.004, '00000000-0000-4000-8000-00000000c0a1', 'open', 40, '06:30-09:00,11:00-13:30', '021-5555 0001', '街道', true, true, 'test fixture'),
  ('00000000-0000-4000-8000-0000000f0002', 'store', '甲社区便利店', '测试路2号', 90.002, 10.008, '00000000-0000-4000-8000-00000000c0a1', 'open', null, '24/7', null, null, false, true, 'test fixture'),
  ('00000000-0000-4000-8000-0000000f0003', 'childcare', '甲社区托育点（筹）', '测试路3号', 90.007, 10.002, '00000000-0000-4000-8000-00000000c0a1', 'planned', 30, 'Mo-Fr 08:00-18:00; Sa 09:00-12:00', null, null, true, false, 'test fixture'),
  ('00000000-0000-4000-8000-0000000f0004', 'fitness', '乙社区健身点', '测试路4号', 90.012, 10.003, null, 'open', 800, '07:00-19:00', null, null, false, true, 'test fixture'),
  ('00000000-0000-4000-8000-0000000f0005', 'store', '乙社区便利店', '测试路5号', 90.019, 10.009, '00000000-0000-4000-8000-00000000c0b2', 'open', null, '07:00-23:00', null, null, false, true, 'test fixture'),
  ('00000000-0000-4000-8000-0000000f0006', 'canteen', '乙社区助餐点（未发布）', '测试路6号', 90.014, 10.005, '00000000-0000-4000-8000-00000000c0b2', 'open', 20, null, null, null, false, false, 'test fixture');
insert into auth.users (id, email) values
  ('00000000-0000-4000-8000-0000000a0001', 'resident@test.lifecircle'),
  ('00000000-0000-4000-8000-0000000a0002', 'worker.a@test.lifecircle'),
  ('00000000-0000-4000-8000-0000000a0003', 'worker.b@test.lifecircle'),
  ('00000000-0000-4000-8000-0000000a0004', 'planner@test.lifecircle'),
  ('00000000-0000-4000-8000-0000000a0005', 'planner.other@test.lifecircle'),
  ('00000000-0000-4000-8000-0000000a0006', 'admin@test.lifecircle');
insert into profiles (user_id, display_name, role) values
  ('00000000-0000-4000-8000-0000000a0001', '测试居民', 'resident'),
  ('00000000-0000-4000-8000-0000000a0002', '甲社区工作者', 'worker'),
  ('00000000-0000-4000-8000-0000000a0003', '乙社区工作者', 'worker'),
  ('00000000-0000-4000-8000-0000000a0004', '测试规划师', 'planner'),
  ('00000000-0000-4000-8000-0000000a0005', '另一位规划师', 'planner'),
  ('00000000-0000-4000-8000-0000000a0006', '测试管理员', 'admin');
insert into community_assignments (user_id, community_id) values
  ('00000000-0000-4000-8000-0000000a0002', '00000000-0000-4000-8000-00000000c0a1'),
  ('00000000-0000-4000-8000-0000000a0003', '00000000-0000-4000-8000-00000000c0b2');
