/**
 * CronJobs: the controller that creates Jobs on a cron schedule, and the
 * cron parser it uses.
 */
export { startCronJobController, type CronJobControllerOptions } from "./controller.js";
export { parseCronSchedule, type CronSchedule, type ParsedSchedule } from "./cron.js";
