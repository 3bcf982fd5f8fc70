<?php
/**
 * The kinds of work jobs carry.
 *
 * @package WPM_User_Sync
 */

declare( strict_types=1 );

namespace WPM_User_Sync\Jobs;

use WPM_User_Sync\Health\Check_Drift;
use WPM_User_Sync\Jobs\Types\Add_Memberships;
use WPM_User_Sync\Jobs\Types\Add_To_Sites;
use WPM_User_Sync\Jobs\Types\Copy_Role;
use WPM_User_Sync\Jobs\Types\Remove_From_Sites;
use WPM_User_Sync\Jobs\Types\Undo;

defined( 'ABSPATH' ) || exit;

/**
 * The registry of job types: a new kind of work is one more entry in all(), and the
 * pipeline carries it as it carries the others.
 *
 * @since 2.0.1
 */
final class Job_Types {

	/**
	 * Every type, by name.
	 *
	 * @since 2.0.1
	 *
	 * @return array<string, Job_Type>
	 */
	public static function all(): array {
		/**
		 * Filters the kinds of work jobs can do.
		 *
		 * @since 2.0.1
		 *
		 * @param Job_Type[] $types The types; add_memberships first.
		 */
		$registered = apply_filters( 'wpmus_job_types', array( new Add_Memberships(), new Copy_Role(), new Add_To_Sites(), new Remove_From_Sites(), new Undo(), new Check_Drift() ) );
		$types      = array();
		foreach ( is_array( $registered ) ? $registered : array() as $type ) {
			if ( $type instanceof Job_Type ) {
				$types[ $type->name() ] = $type;
			}
		}
		return $types;
	}

	/**
	 * One type.
	 *
	 * @since 2.0.1
	 *
	 * @param string $name The type's name, as stored with a job.
	 *
	 * @throws Job_Error When no type has this name (a job stored by a later version of the plugin).
	 */
	public static function get( string $name ): Job_Type {
		$types = self::all();
		if ( ! isset( $types[ $name ] ) ) {
			throw new Job_Error(
				'wpmus_job_type_unknown',
				sprintf(
					/* translators: %s: A job type's name. */
					__( 'This version of WPM User Sync does not know how to do this job\'s work ("%s").', 'wpm-user-sync' ),
					$name
				)
			);
		}
		return $types[ $name ];
	}
}
